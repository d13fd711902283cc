// The user's checkout of the base branch: fast-forwarded after the base moves only when it is clean.
import { git } from '../../infra/git/exec.js';
import { listWorktrees } from '../../infra/git/worktree.js';

export interface CheckoutBefore {
  /** The worktree that has the base branch checked out, if any. */
  path: string | undefined;
  clean: boolean;
}

export type CheckoutOutcome =
  | { kind: 'not-checked-out' }
  | { kind: 'fast-forwarded'; path: string }
  | { kind: 'left-dirty'; path: string; message: string };

/** Where the base branch is checked out, and whether that checkout is clean (tracked and untracked). */
export async function inspectCheckout(repo: string, base: string): Promise<CheckoutBefore> {
  const entry = (await listWorktrees(repo)).find((w) => w.branch === `refs/heads/${base}`);
  if (!entry) return { path: undefined, clean: true };
  const status = await git(entry.path, ['status', '--porcelain', '--untracked-files=no']);
  return { path: entry.path, clean: status.stdout.trim() === '' };
}

/**
 * After the base ref moved from `from` to `to`: a clean checkout of it gets its files and index moved
 * along (`read-tree -m -u`, a fast-forward); a dirty one is left exactly as it was, and we say how to
 * bring it along.
 */
export async function fastForwardCheckout(
  before: CheckoutBefore,
  from: string,
  to: string,
): Promise<CheckoutOutcome> {
  if (before.path === undefined) return { kind: 'not-checked-out' };
  const leave = (why: string): CheckoutOutcome => ({
    kind: 'left-dirty',
    path: before.path!,
    message: `${why}: grove left its files as they were; the branch moved to ${to.slice(0, 8)}. Bring the files along with \`git -C ${before.path!} read-tree -m -u ${from.slice(0, 12)} ${to.slice(0, 12)}\` (git refuses if it would overwrite your changes)`,
  });
  if (!before.clean) return leave(`your checkout ${before.path} has uncommitted changes`);
  const r = await git(before.path, ['read-tree', '-m', '-u', from, to], { okCodes: [0, 128] });
  if (r.code !== 0) return leave(`your checkout ${before.path} changed meanwhile (${r.stderr.trim()})`);
  return { kind: 'fast-forwarded', path: before.path };
}
