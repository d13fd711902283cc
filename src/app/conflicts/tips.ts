import { existsSync } from 'node:fs';
import type { TaskRow } from '../../infra/db/task-store.js';
import { commitTree } from '../../infra/git/commit-tree.js';
import { resolveRefs } from '../../infra/git/refs.js';
import { snapshotWorktree } from '../../infra/git/snapshot.js';
import { mapLimit } from '../../infra/fs/pool.js';

/** What to merge for one task: its branch tip, or a commit holding its uncommitted work on top. */
export type TaskTip =
  | { kind: 'tip'; task: string; commit: string; snapshot: boolean }
  | { kind: 'missing'; task: string; branch: string };

/**
 * The commit that stands for each task: the tip of its branch (`branchTips`: branch → commit), or, when its worktree has uncommitted
 * or untracked work, a commit object made from a snapshot tree (temporary index + `write-tree` +
 * `commit-tree` on the worktree's HEAD). No file, index or ref of the worktree changes.
 */
export async function taskTips(
  repo: string,
  tasks: readonly TaskRow[],
  branchTips: ReadonlyMap<string, string>,
  options: { uncommitted: boolean },
): Promise<TaskTip[]> {
  return mapLimit(tasks, 4, async (task): Promise<TaskTip> => {
    const branch = task.branch ?? '';
    const commit = branchTips.get(branch);
    if (commit === undefined) return { kind: 'missing', task: task.id, branch };
    const worktree = task.worktree;
    if (!options.uncommitted || worktree === null || !existsSync(worktree)) {
      return { kind: 'tip', task: task.id, commit, snapshot: false };
    }
    // Never `git status` here: it may rewrite the worktree's index (stat refresh). The snapshot uses a
    // temporary index only.
    const snap = await snapshotWorktree(worktree);
    if (snap.head === undefined) return { kind: 'tip', task: task.id, commit, snapshot: false };
    const headTree = (await resolveRefs(worktree, [`${snap.head}^{tree}`])).get(`${snap.head}^{tree}`);
    if (headTree === snap.tree) return { kind: 'tip', task: task.id, commit, snapshot: false };
    const snapshot = await commitTree(repo, snap.tree, [snap.head], `grove: uncommitted work of ${task.id}`);
    return { kind: 'tip', task: task.id, commit: snapshot, snapshot: true };
  });
}
