import { randomBytes } from 'node:crypto';
import { copyFile, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { git, gitText } from './exec.js';
import { resolveRef } from './refs.js';

export interface WorktreeSnapshot {
  /** Tree of every file in the worktree as it is now (tracked changes and untracked, not ignored). */
  tree: string;
  /** The commit checked out, or undefined on an unborn branch. */
  head: string | undefined;
}

/**
 * Writes the worktree's current content as a tree object, uncommitted and untracked work included,
 * through a temporary copy of the index (`GIT_INDEX_FILE` + `add -A` + `write-tree`). Neither the real
 * index nor any file of the worktree is touched.
 */
export async function snapshotWorktree(worktree: string): Promise<WorktreeSnapshot> {
  const indexPath = resolve(worktree, await gitText(worktree, ['rev-parse', '--git-path', 'index']));
  const tempIndex = `${indexPath}.grove-snapshot-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await copyFile(indexPath, tempIndex).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e; // no index yet: start from an empty one
    });
    const env = { GIT_INDEX_FILE: tempIndex };
    await git(worktree, ['add', '--all', '--', '.'], { env });
    const tree = await gitText(worktree, ['write-tree'], { env });
    return { tree, head: await resolveRef(worktree, 'HEAD') };
  } finally {
    await rm(tempIndex, { force: true });
  }
}
