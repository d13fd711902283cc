// Keep or discard per file: a person reviewing a task drops the task's changes to some files. grove
// commits the revert on the task branch (in its worktree) naming the reviewer's choice, and the task's
// gates run again on the new tip before it comes back to review — nothing is approved by discarding.
import { actionApplies } from '../../shared/task-actions.js';
import { GROVE_IDENTITY } from '../../infra/git/commit-tree.js';
import { git, gitText } from '../../infra/git/exec.js';
import { diffNumstat, worktreeStatus } from '../../infra/git/status.js';
import { reviewTarget } from '../review/target.js';
import { reviewedMeanwhile } from './approve.js';
import { done, move, wrongState } from './common.js';
import type { TaskCommandDeps } from './deps.js';
import type { CommandDoor, CommandRefused, DiscardResult } from './result.js';

export interface DiscardRequest {
  /** Paths as the task's diff names them (repository-relative). */
  files: readonly string[];
  /** Why, in the reviewer's words (optional); kept in the commit message and the journal. */
  message?: string;
}

function refuse(code: CommandRefused['code'], message: string, hint: string): CommandRefused {
  return { kind: 'refused', code, message, hint };
}

export async function discardFiles(
  deps: TaskCommandDeps,
  id: string,
  by: CommandDoor,
  request: DiscardRequest,
): Promise<DiscardResult> {
  const files = [...new Set(request.files.map((f) => f.trim()).filter((f) => f !== ''))];
  if (files.length === 0) {
    return refuse('USAGE', 'no file to discard', `name the files: grove discard ${id} <file>…`);
  }
  const task = deps.store.require(id);
  if (!actionApplies('discard', task.state)) return wrongState(task, 'discard', 'review');
  if (!task.worktree) {
    return refuse(
      'STATE_INVALID',
      `task ${id} has no worktree to commit the discard in`,
      `see \`grove status ${id}\``,
    );
  }
  const target = await reviewTarget(deps, task);
  const changed = new Set(
    (await diffNumstat(deps.paths.mainRoot, target.mergeBase, target.tip)).map((f) => f.path),
  );
  const unknown = files.filter((f) => !changed.has(f));
  if (unknown.length > 0) {
    return refuse(
      'USAGE',
      `not changed by task ${id}: ${unknown.join(', ')}`,
      `the files its diff changes: ${[...changed].sort().join(', ') || '(none)'}`,
    );
  }
  if (changed.size === files.length) {
    return refuse(
      'USAGE',
      `discarding every file task ${id} changes would leave it with no change`,
      `to drop the task itself: grove abandon ${id}`,
    );
  }
  const dirty = (await worktreeStatus(task.worktree)).entries.filter((e) => e.kind !== 'ignored');
  if (dirty.length > 0) {
    return refuse(
      'STATE_INVALID',
      `task ${id}'s worktree has uncommitted changes (${dirty.map((e) => e.path).join(', ')}); nothing was discarded`,
      `commit or remove them in ${task.worktree}, then discard again`,
    );
  }
  const head = await gitText(task.worktree, ['rev-parse', 'HEAD']);
  if (head !== target.tip) {
    return refuse(
      'STATE_INVALID',
      `task ${id}'s worktree is at ${head.slice(0, 8)}, not its branch tip ${target.tip.slice(0, 8)}; nothing was discarded`,
      `see \`grove status ${id}\``,
    );
  }
  const commit = await commitDiscard(task.worktree, target.mergeBase, files, id, by, request.message);
  const why = request.message?.trim() ? `: ${request.message.trim()}` : '';
  const cause = `review: ${by} discarded ${files.join(', ')}${why}; its gates run again`;
  const moved = move(deps, task, by, 'discard', 'verifying', cause, {
    kind: 'review-discard',
    files,
    commit,
  });
  if (!moved) {
    const meanwhile = reviewedMeanwhile(deps, id);
    // The revert is on the branch already: a later approval is for a tip that has it, and an approval
    // made meanwhile is void because the branch moved.
    return {
      ...meanwhile,
      message: `${meanwhile.message}; the discard is committed as ${commit.slice(0, 8)}`,
    };
  }
  const result = done(
    deps,
    task,
    'discard',
    'verifying',
    `${id}: discarded ${files.join(', ')} in ${commit.slice(0, 8)}; its gates run again, then it comes back to review`,
  );
  return { ...result, action: 'discard', commit, files };
}

/** Restores each file to the merge base (or removes one the task added) and commits that on the branch. */
async function commitDiscard(
  worktree: string,
  mergeBase: string,
  files: readonly string[],
  id: string,
  by: CommandDoor,
  message: string | undefined,
): Promise<string> {
  const atBase = new Set(
    (await gitText(worktree, ['ls-tree', '-r', '--name-only', '-z', mergeBase, '--', ...files]))
      .split('\0')
      .filter((f) => f !== ''),
  );
  const restore = files.filter((f) => atBase.has(f));
  const remove = files.filter((f) => !atBase.has(f));
  if (restore.length > 0) await git(worktree, ['checkout', mergeBase, '--', ...restore]);
  if (remove.length > 0) await git(worktree, ['rm', '-q', '--', ...remove]);
  const body = [
    `${id}: discard ${files.join(', ')} (the reviewer's choice)`,
    '',
    `Discarded in review by ${by}${message?.trim() ? `: ${message.trim()}` : ''}.`,
    ...files.map((f) => `- ${f}: ${atBase.has(f) ? 'restored to the base' : 'removed (the task added it)'}`),
  ].join('\n');
  await git(worktree, ['commit', '-q', '--no-verify', '-m', body], { env: GROVE_IDENTITY });
  return gitText(worktree, ['rev-parse', 'HEAD']);
}
