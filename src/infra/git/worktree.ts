import type { WorktreeEntry } from './parse/worktree-list.js';
import { parseWorktreeList } from './parse/worktree-list.js';
import { git } from './exec.js';

export type { WorktreeEntry };

/** Every worktree of the repository (the main checkout first). */
export async function listWorktrees(repo: string): Promise<WorktreeEntry[]> {
  const result = await git(repo, ['worktree', 'list', '--porcelain', '-z']);
  return parseWorktreeList(result.stdout);
}

export interface AddWorktreeOptions {
  /** Create this new branch at `startPoint` and check it out (fails if it exists). */
  newBranch?: string;
  /** Commit or branch to check out (with `newBranch`: where the branch starts). */
  startPoint: string;
  /** Skip the checkout of files (git worktree add --no-checkout). */
  noCheckout?: boolean;
}

/** `git worktree add [-b <newBranch>] <path> <startPoint>`; never forces. */
export async function addWorktree(repo: string, path: string, options: AddWorktreeOptions): Promise<void> {
  const args = ['worktree', 'add', '--quiet'];
  if (options.noCheckout) args.push('--no-checkout');
  if (options.newBranch !== undefined) args.push('-b', options.newBranch);
  args.push('--', path, options.startPoint);
  await git(repo, args);
}

/**
 * `git worktree remove <path>`: git refuses when the worktree has modified or untracked files unless
 * `force` (callers back the work up first). Force also removes a locked worktree.
 */
export async function removeWorktree(
  repo: string,
  path: string,
  options: { force?: boolean } = {},
): Promise<void> {
  const args = ['worktree', 'remove'];
  if (options.force) args.push('--force', '--force');
  args.push('--', path);
  await git(repo, args);
}

/** Removes metadata of worktrees whose folders are gone (`git worktree prune`); returns what it pruned. */
export async function pruneWorktrees(repo: string): Promise<string[]> {
  const result = await git(repo, ['worktree', 'prune', '--verbose']);
  return `${result.stdout}${result.stderr}`
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
}
