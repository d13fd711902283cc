import type { ProjectContext } from '../context.js';
import { GroveError } from '../../shared/errors.js';
import { commitTree } from '../../infra/git/commit-tree.js';
import { listRefs, resolveRefs, updateRef } from '../../infra/git/refs.js';
import { snapshotWorktree } from '../../infra/git/snapshot.js';

export const BACKUP_PREFIX = 'refs/grove/backup/';

export interface Backup {
  ref: string;
  /** A commit whose tree is the saved work and whose parent is the branch tip at the time. */
  commit: string;
  /** The branch tip the work sat on. */
  head: string;
}

/**
 * Saves a task's work before a forced removal: a commit of the worktree's content (uncommitted and
 * untracked files included, the real index untouched) on top of the branch tip, at
 * `refs/grove/backup/<id>/<timestamp>`. Without a worktree, the branch tip itself is saved.
 */
export async function backupWorkspace(
  ctx: Pick<ProjectContext, 'paths' | 'now'>,
  id: string,
  where: { branch: string; worktree: string | undefined; base: string },
): Promise<Backup> {
  const repo = ctx.paths.mainRoot;
  let tree: string;
  let head: string;
  if (where.worktree !== undefined) {
    const snap = await snapshotWorktree(where.worktree);
    if (snap.head === undefined)
      throw new GroveError('GIT_FAILED', `${where.worktree} has no commit to back up onto`);
    tree = snap.tree;
    head = snap.head;
  } else {
    const revs = [`refs/heads/${where.branch}^{commit}`, `refs/heads/${where.branch}^{tree}`];
    const found = await resolveRefs(repo, revs);
    const tip = found.get(revs[0]!);
    if (tip === undefined)
      throw new GroveError('GIT_FAILED', `branch ${where.branch} does not exist: nothing to back up`);
    head = tip;
    tree = found.get(revs[1]!)!;
  }
  const message = [
    `grove backup of task ${id}`,
    '',
    `branch: ${where.branch}`,
    `worktree: ${where.worktree ?? '(none)'}`,
    `base: ${where.base}`,
    '',
  ].join('\n');
  const commit = await commitTree(repo, tree, [head], message);
  const stamp = new Date(ctx.now()).toISOString().replace(/[:.]/g, '-');
  for (let n = 0; n < 100; n++) {
    const ref = `${BACKUP_PREFIX}${id}/${stamp}${n === 0 ? '' : `-${n}`}`;
    const result = await updateRef(repo, ref, commit, undefined, `grove backup of ${id}`);
    if (result.kind === 'updated') return { ref, commit, head };
  }
  throw new GroveError('INTERNAL', `could not name a backup ref for ${id}`);
}

/** Backups of a task, oldest first. */
export async function listBackups(
  ctx: Pick<ProjectContext, 'paths'>,
  id: string,
): Promise<Array<{ ref: string; oid: string }>> {
  return listRefs(ctx.paths.mainRoot, `${BACKUP_PREFIX}${id}/`);
}
