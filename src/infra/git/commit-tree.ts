import { gitText } from './exec.js';

/** Identity for commits grove writes itself (backups), so they work without a configured user. */
export const GROVE_IDENTITY = {
  GIT_AUTHOR_NAME: 'grove',
  GIT_AUTHOR_EMAIL: 'grove@localhost',
  GIT_COMMITTER_NAME: 'grove',
  GIT_COMMITTER_EMAIL: 'grove@localhost',
};

/** Writes a commit object for `tree` with `parents` (no ref moves); returns its id. */
export async function commitTree(
  repo: string,
  tree: string,
  parents: readonly string[],
  message: string,
): Promise<string> {
  const args = ['commit-tree', '--no-gpg-sign', tree, ...parents.flatMap((p) => ['-p', p])];
  return gitText(repo, args, { input: message, env: GROVE_IDENTITY });
}

/**
 * Makes the worktree's files match `tree` (tracked files updated, files absent from it removed) and then
 * resets the index to HEAD, so the difference shows as uncommitted work, untracked files as untracked.
 */
export async function checkoutTreeAsUncommitted(worktree: string, tree: string): Promise<void> {
  await gitText(worktree, ['read-tree', '-u', '--reset', tree]);
  await gitText(worktree, ['reset', '-q']);
}
