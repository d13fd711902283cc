// The user's checkout of the base branch is never left inconsistent (README, "Your checkout"): the
// queue holds while it is dirty (checkout-hold.ts), and moves a checked-out base only through git's own
// fast-forward in that checkout, so the ref, the index and the files move together or not at all.
import { git } from '../../infra/git/exec.js';
import { parseStatus } from '../../infra/git/parse/status.js';
import { updateRef } from '../../infra/git/refs.js';
import { listWorktrees } from '../../infra/git/worktree.js';

export interface CheckoutBefore {
  /** The worktree that has the base branch checked out, if any. */
  path: string | undefined;
  clean: boolean;
  /** Tracked files with staged or unstaged changes (or unmerged), repository-relative. */
  dirty: string[];
  /** The commit the checkout's HEAD is at (undefined when not checked out). */
  head: string | undefined;
}

export type CheckoutOutcome =
  | { kind: 'not-checked-out' }
  | { kind: 'fast-forwarded'; path: string }
  /** Checked out meanwhile (between grove's look and its move) and could not be brought along. */
  | { kind: 'left-dirty'; path: string; message: string };

/**
 * Where the base branch is checked out, and whether that checkout is clean: no tracked file changed,
 * and none of `watch` (paths that blocked a move before) present as an untracked, not ignored, file.
 */
export async function inspectCheckout(
  repo: string,
  base: string,
  watch: readonly string[] = [],
): Promise<CheckoutBefore> {
  const entry = (await listWorktrees(repo)).find((w) => w.branch === `refs/heads/${base}`);
  if (!entry) return { path: undefined, clean: true, dirty: [], head: undefined };
  const out = await git(entry.path, ['status', '--porcelain=v2', '-z', '--branch', '--untracked-files=no']);
  const status = parseStatus(out.stdout);
  const dirty = status.entries
    .filter((e) => e.kind === 'changed' || e.kind === 'renamed' || e.kind === 'unmerged')
    .map((e) => e.path);
  if (watch.length > 0) {
    const others = await git(entry.path, [
      'ls-files',
      '-z',
      '--others',
      '--exclude-standard',
      '--',
      ...watch,
    ]);
    for (const f of others.stdout.split('\0')) if (f !== '' && !dirty.includes(f)) dirty.push(f);
  }
  return { path: entry.path, clean: dirty.length === 0, dirty, head: status.oid };
}

export type BaseMove =
  | { kind: 'moved'; checkout: CheckoutOutcome }
  /** The base is not where grove left it: nothing moved. */
  | { kind: 'moved-under'; actual: string | undefined }
  /** The checkout of the base refused the move (local changes in the way): nothing moved. */
  | { kind: 'refused'; path: string; files: string[]; reason: string };

const MERGE_ARGS = ['merge', '--ff-only', '--no-autostash', '--no-verify-signatures', '--no-stat', '-q'];

/**
 * Moves `refs/heads/<base>` from `from` to `to` (a descendant of `from`). Not checked out anywhere: a
 * compare-and-swap of the ref. Checked out: `git merge --ff-only` in that checkout, which takes the
 * index lock, refuses when a local change is in the way, keeps local changes that are not, and moves
 * the ref by compare-and-swap, so the checkout and the branch move together or neither does.
 */
export async function moveBase(
  repo: string,
  base: string,
  from: string,
  to: string,
  message: string,
): Promise<BaseMove> {
  const ref = `refs/heads/${base}`;
  const before = await inspectCheckout(repo, base);
  if (before.path === undefined) {
    const moved = await updateRef(repo, ref, to, from, message);
    if (moved.kind === 'moved') return { kind: 'moved-under', actual: moved.actual };
    return { kind: 'moved', checkout: await catchUpLateCheckout(repo, base, from, to) };
  }
  if (before.head !== from) return { kind: 'moved-under', actual: before.head };
  const path = before.path;
  const r = await git(path, [...MERGE_ARGS, to], {
    okCodes: [0, 1, 128],
    env: { GIT_REFLOG_ACTION: message },
  });
  const after = (await inspectCheckout(repo, base)).head;
  if (r.code === 0 && after === to) return { kind: 'moved', checkout: { kind: 'fast-forwarded', path } };
  if (after !== from) return { kind: 'moved-under', actual: after };
  const files = pathsInMergeRefusal(r.stderr);
  return { kind: 'refused', path, files, reason: r.stderr.trim() || `git merge exited ${r.code}` };
}

/** The tab-indented paths git lists when it refuses to overwrite local changes or untracked files. */
export function pathsInMergeRefusal(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter((l) => l.startsWith('\t'))
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

/**
 * The base was not checked out when grove looked, but may be now (a `git switch` between the look and
 * the move): when that checkout's index still holds the old tip's tree, bring it along like git would.
 */
async function catchUpLateCheckout(
  repo: string,
  base: string,
  from: string,
  to: string,
): Promise<CheckoutOutcome> {
  const now = await inspectCheckout(repo, base);
  if (now.path === undefined) return { kind: 'not-checked-out' };
  const atTo = await git(now.path, ['diff-index', '--cached', '--quiet', to, '--'], { okCodes: [0, 1] });
  if (atTo.code === 0) return { kind: 'fast-forwarded', path: now.path };
  const r = await git(now.path, ['read-tree', '-m', '-u', from, to], { okCodes: [0, 128] });
  if (r.code === 0) return { kind: 'fast-forwarded', path: now.path };
  return {
    kind: 'left-dirty',
    path: now.path,
    message: `${now.path} switched to ${base} while grove moved it, and its files could not follow (${r.stderr.trim()}): bring them along with \`git -C ${now.path} read-tree -m -u ${from.slice(0, 12)} ${to.slice(0, 12)}\``,
  };
}
