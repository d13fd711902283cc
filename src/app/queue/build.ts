// Builds candidate commits in memory (git merge-tree + commit-tree): no worktree, no index, no ref moves.
import type { Config } from '../../shared/config.js';
import { commitTree } from '../../infra/git/commit-tree.js';
import { gitText } from '../../infra/git/exec.js';
import { mergeTree } from '../../infra/git/merge-tree.js';
import { withTrailers } from '../../core/queue/trailer.js';

export interface QueuedTask {
  id: string;
  title: string;
  branch: string;
  summary: string | undefined;
  /** The attempt whose work this is (`Grove-Attempt` trailer; 0 when none was recorded). */
  attempt: number;
  /** The commit its gates passed on; the queue builds from it instead of the branch when known. */
  commit?: string;
}

/** What the queue builds `task` from: its verified commit, else its branch. */
const workOf = (task: QueuedTask): string => task.commit ?? `refs/heads/${task.branch}`;

export type ApplyResult =
  | { kind: 'applied'; commit: string }
  | { kind: 'conflict'; files: string[] }
  /** Not a conflict: the branch is gone or shares no history with the base. */
  | { kind: 'broken'; message: string };

/** `<id>: <title>`, a blank line and the agent's summary (squash commits), then grove's trailers. */
export function squashMessage(task: QueuedTask): string {
  const summary = task.summary?.trim();
  return trailed(task, `${task.id}: ${task.title}\n${summary ? `\n${summary}\n` : ''}`);
}

/** Every commit the queue writes on the base names its task and attempt (src/core/queue/trailer.ts). */
function trailed(task: QueuedTask, message: string): string {
  return withTrailers(message, { task: task.id, attempt: task.attempt });
}

/**
 * Puts `task`'s work on top of `onto` by the configured method: `squash` (one commit, message
 * `<id>: <title>` + summary), `merge` (a merge commit with the branch tip as second parent) or `rebase`
 * (each commit of the branch replayed, messages kept).
 */
export async function applyTask(
  repo: string,
  onto: string,
  task: QueuedTask,
  method: Config['queue']['method'],
): Promise<ApplyResult> {
  const merged = await mergeTree(repo, onto, workOf(task));
  switch (merged.kind) {
    case 'missing-ref':
      return { kind: 'broken', message: `branch ${task.branch} does not exist (deleted by hand?)` };
    case 'unrelated':
      return { kind: 'broken', message: `branch ${task.branch} has no history in common with the base` };
    case 'conflict':
      return { kind: 'conflict', files: merged.files };
    case 'clean':
      break;
  }
  if (merged.tree === (await treeOf(repo, onto))) return nothingToLand(task);
  switch (method) {
    case 'squash':
      return { kind: 'applied', commit: await commitTree(repo, merged.tree, [onto], squashMessage(task)) };
    case 'merge': {
      const tip = await gitText(repo, ['rev-parse', '--verify', `${workOf(task)}^{commit}`]);
      const message = trailed(task, `Merge ${task.branch}: ${task.id}: ${task.title}\n`);
      return { kind: 'applied', commit: await commitTree(repo, merged.tree, [onto, tip], message) };
    }
    case 'rebase':
      return replay(repo, onto, task);
  }
}

const treeOf = (repo: string, commit: string): Promise<string> =>
  gitText(repo, ['rev-parse', `${commit}^{tree}`]);

/**
 * Work that changes nothing on top of the base (no commits, empty commits, or changes already there)
 * never lands as an empty commit: the task leaves the queue for a person, saying so.
 */
function nothingToLand(task: QueuedTask): ApplyResult {
  return {
    kind: 'broken',
    message: `nothing to land: ${task.branch} changes nothing on top of the base (no commits, empty commits, or its changes are already there)`,
  };
}

/**
 * Replays each non-merge commit of the branch (since it forked from `onto`'s history) onto `onto`.
 * git 2.39's merge-tree has no `--merge-base`, so each pick is a merge of two throw-away commits whose
 * only common ancestor carries the picked commit's parent tree.
 */
async function replay(repo: string, onto: string, task: QueuedTask): Promise<ApplyResult> {
  const list = await gitText(repo, ['rev-list', '--reverse', '--no-merges', workOf(task), `^${onto}`, '--']);
  let current = onto;
  for (const c of list.split('\n').filter((l) => l !== '')) {
    const [parentTree, pickTree, ontoTree, message] = await Promise.all([
      gitText(repo, ['rev-parse', `${c}^^{tree}`]),
      gitText(repo, ['rev-parse', `${c}^{tree}`]),
      gitText(repo, ['rev-parse', `${current}^{tree}`]),
      gitText(repo, ['log', '-1', '--format=%B', c]),
    ]);
    const root = await commitTree(repo, parentTree, [], 'grove: replay base');
    const [ours, theirs] = await Promise.all([
      commitTree(repo, ontoTree, [root], 'grove: replay ours'),
      commitTree(repo, pickTree, [root], 'grove: replay theirs'),
    ]);
    const r = await mergeTree(repo, ours, theirs);
    if (r.kind === 'conflict') return { kind: 'conflict', files: r.files };
    if (r.kind !== 'clean')
      return { kind: 'broken', message: `cannot replay ${c.slice(0, 8)} of ${task.branch}` };
    if (r.tree === ontoTree) continue; // an empty pick (or one already on the base) is dropped
    current = await commitTree(repo, r.tree, [current], trailed(task, message));
  }
  if (current === onto) return nothingToLand(task);
  return { kind: 'applied', commit: current };
}
