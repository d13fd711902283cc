// Putting a worktree back as a snapshot saw it (src/infra/git/snapshot.ts): used after a plan-only turn
// changed files it must not have changed.
import { git, gitText } from './exec.js';

/** Paths that differ between two trees (or commits). */
export async function changedPaths(repo: string, from: string, to: string): Promise<string[]> {
  const result = await git(repo, [
    'diff',
    '--name-only',
    '-z',
    '--no-renames',
    '--no-ext-diff',
    from,
    to,
    '--',
  ]);
  return result.stdout.split('\0').filter((p) => p.length > 0);
}

/**
 * Makes the worktree what it was: HEAD (and its branch) back at `head`, every tracked file as in
 * `tree`, untracked files that are not in `tree` removed. Ignored files are left alone.
 */
export async function restoreWorktree(
  worktree: string,
  snapshot: { head: string; tree: string },
): Promise<void> {
  await git(worktree, ['reset', '--hard', '--quiet', snapshot.head]);
  await git(worktree, ['clean', '-fd', '--quiet']);
  const headTree = await gitText(worktree, ['rev-parse', `${snapshot.head}^{tree}`]);
  if (headTree === snapshot.tree) return;
  // The turn started with uncommitted work (a setup hook's files): bring exactly that back, unstaged.
  await git(worktree, ['checkout', snapshot.tree, '--', '.']);
  await git(worktree, ['reset', '--quiet']);
}
