import { basename, isAbsolute, relative, resolve, sep } from 'node:path';
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

/**
 * The worktree folder for a task: config `worktree_path` with `{repo}` and `{id}`, relative to the repo.
 * Throws CONFIG_INVALID for a template that would put tasks where they break something (see below).
 */
export function worktreePathFor(mainRoot: string, config: Pick<Config, 'worktree_path'>, id: string): string {
  const problem = worktreePathProblem(mainRoot, config.worktree_path);
  if (problem !== undefined) {
    throw new GroveError('CONFIG_INVALID', `worktree_path "${config.worktree_path}" ${problem}`, {
      hint: 'use a folder of its own per task, e.g. worktree_path: "../{repo}.grove/{id}" (the default) or ".worktrees/{id}" (ignored by git)',
    });
  }
  return fill(mainRoot, config.worktree_path, id);
}

function fill(mainRoot: string, template: string, id: string): string {
  return resolve(mainRoot, template.replaceAll('{repo}', basename(mainRoot)).replaceAll('{id}', id));
}

const within = (parent: string, child: string): boolean => {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

/**
 * Why a `worktree_path` template is refused, or undefined: without `{id}` every task shares one folder;
 * inside `.git` git's own files would be overwritten; the checkout itself or a folder above it would put
 * the user's checkout inside a task's worktree.
 */
export function worktreePathProblem(mainRoot: string, template: string): string | undefined {
  if (!template.includes('{id}')) return 'has no {id}: every task would share one folder';
  const sample = fill(mainRoot, template, 'x');
  const dotGit = resolve(mainRoot, '.git');
  if (within(dotGit, sample)) return `puts worktrees inside ${dotGit}, git's own folder`;
  if (within(sample, mainRoot)) return `puts a worktree at or above the checkout ${mainRoot}`;
  if (sample.split(sep).some((part) => part === '.git')) return 'puts worktrees inside a .git folder';
  return undefined;
}
