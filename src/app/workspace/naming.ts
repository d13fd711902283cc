import { basename, resolve } from 'node:path';
import type { Config } from '../../shared/config.js';
import { GroveError } from '../../shared/errors.js';
import { TASK_ID_PATTERN } from '../../shared/task-spec.js';

/** The branch grove gives a task. */
export function branchFor(id: string): string {
  return `grove/${id}`;
}

/**
 * Refuses an id that is not a safe branch and folder name (`..`, `/`, spaces, quotes, `;`, `$()`,
 * unicode, ...), saying what the rule is. Ids never reach a shell, but they do become paths and refs.
 */
export function assertTaskId(id: string): void {
  if (!TASK_ID_PATTERN.test(id)) {
    throw new GroveError('USAGE', `"${id}" is not a valid task id`, {
      hint: 'task ids use lowercase letters a-z, digits and dashes, start with a letter or digit, at most 63 characters (e.g. add-login)',
    });
  }
}

/** The worktree folder for a task: config `worktree_path` with `{repo}` and `{id}`, relative to the repo. */
export function worktreePathFor(mainRoot: string, config: Pick<Config, 'worktree_path'>, id: string): string {
  const path = config.worktree_path.replaceAll('{repo}', basename(mainRoot)).replaceAll('{id}', id);
  return resolve(mainRoot, path);
}
