// What a local worktree holds beyond its commit, carried to the host's copy before an attempt there:
// a merge or rebase grove left unfinished (the merge queue's conflict sent back, with its markers) is
// replayed on the host from the same commits, so it stops at the same conflicts; uncommitted files are
// put there as uncommitted files. The local worktree keeps its state until the attempt's work comes
// back (a retry on another host carries it again); then it is settled, if nobody changed it meanwhile.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GroveError } from '../../shared/errors.js';
import { commitTree } from '../git/commit-tree.js';
import { git, gitText } from '../git/exec.js';
import { snapshotWorktree } from '../git/snapshot.js';
import { shellQuote } from '../ssh/shell-quote.js';

/** An unfinished merge (of `other` into HEAD) or rebase (of the branch onto `onto`). */
export type CarriedOperation = { kind: 'merge'; other: string } | { kind: 'rebase'; onto: string };

export interface LocalState {
  /** The task branch (during a rebase: the branch being rebased). */
  branch: string;
  /** The commit the host's copy starts from (during a rebase: the branch's tip before it). */
  head: string;
  operation?: CarriedOperation;
  /** Every file of the worktree as it is now, as a tree (when there is something to carry). */
  snapshot?: string;
  /** A commit of `snapshot` on `head` when the files differ from `head` and no operation runs. */
  changes?: string;
}

/** The ref that remembers what was carried for `branch`, so the local copy is settled only if unchanged. */
export const carriedRef = (branch: string): string => `refs/grove/carried/${branch}`;

/** A file of git's, if it exists (trimmed; undefined when empty). */
function readIfThere(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, 'utf8').trim() || undefined : undefined;
}

/** Where a local worktree stands: its branch and commit, and the merge or rebase it has unfinished. */
export interface LocalPosition {
  branch: string;
  head: string;
  operation?: CarriedOperation;
}

/** The local worktree's branch, commit and unfinished operation: two git calls, no snapshot. */
export async function readLocalPosition(worktree: string): Promise<LocalPosition> {
  const gitPaths = await gitText(worktree, [
    'rev-parse',
    '--path-format=absolute',
    '--git-path',
    'rebase-merge',
    '--git-path',
    'rebase-apply',
    '--git-path',
    'MERGE_HEAD',
  ]);
  const [rebaseMerge, rebaseApply, mergeHeadFile] = gitPaths.split('\n') as [string, string, string];
  for (const dir of [rebaseMerge, rebaseApply]) {
    const headName = readIfThere(join(dir, 'head-name'));
    if (headName === undefined) continue;
    const onto = readIfThere(join(dir, 'onto'));
    const orig = readIfThere(join(dir, 'orig-head'));
    if (!headName.startsWith('refs/heads/') || onto === undefined || orig === undefined) {
      throw new GroveError(
        'STATE_INVALID',
        `the rebase in progress in ${worktree} cannot be carried to a host`,
        {
          hint: 'finish it (`git rebase --continue`) or abort it (`git rebase --abort`) there, then retry',
        },
      );
    }
    return { branch: headName.slice('refs/heads/'.length), head: orig, operation: { kind: 'rebase', onto } };
  }
  const [head, ref] = (await gitText(worktree, ['rev-parse', 'HEAD', '--symbolic-full-name', 'HEAD'])).split(
    '\n',
  ) as [string, string];
  if (!ref.startsWith('refs/heads/')) {
    throw new GroveError('STATE_INVALID', `the worktree ${worktree} is not on a branch (HEAD is detached)`, {
      hint: 'check out the task branch there (git switch grove/<task>), then retry',
    });
  }
  const branch = ref.slice('refs/heads/'.length);
  const other = readIfThere(mergeHeadFile);
  return other === undefined
    ? { branch, head }
    : { branch, head, operation: { kind: 'merge', other: other.split('\n')[0]! } };
}

/**
 * The tree of every file of the worktree when there is something beyond its commit (an operation, or
 * uncommitted or untracked files); undefined when it is clean (one `git status`).
 */
async function snapshotIfBusy(worktree: string, position: LocalPosition): Promise<string | undefined> {
  if (position.operation === undefined) {
    const status = await gitText(worktree, ['status', '--porcelain', '-z', '--untracked-files=all']);
    if (status === '') return undefined;
  }
  return (await snapshotWorktree(worktree)).tree;
}

/**
 * The local worktree's branch, commit, unfinished operation and files. A clean worktree costs three
 * git calls (its git folders, HEAD, status); only one with something to carry is snapshotted.
 */
export async function readLocalState(worktree: string): Promise<LocalState> {
  const position = await readLocalPosition(worktree);
  const snapshot = await snapshotIfBusy(worktree, position);
  if (snapshot === undefined) return position;
  if (position.operation !== undefined) return { ...position, snapshot };
  const changes = await commitTree(
    worktree,
    snapshot,
    [position.head],
    'grove: uncommitted work carried to a host',
  );
  return { ...position, snapshot, changes };
}

/** The commits the host's clone needs besides `head`. */
export function carriedCommits(state: LocalState): string[] {
  const op = state.operation;
  return [
    ...(op?.kind === 'merge' ? [op.other] : op?.kind === 'rebase' ? [op.onto] : []),
    ...(state.changes !== undefined ? [state.changes] : []),
  ];
}

/**
 * Shell lines run in the host's worktree once it is at `head` on the branch: the merge or rebase
 * replayed (it is expected to stop at its conflicts; it must leave the operation in progress or done),
 * or the uncommitted files laid over the commit.
 */
export function hostCarryScript(state: LocalState): string {
  const op = state.operation;
  if (op?.kind === 'merge') {
    const other = shellQuote(op.other);
    return (
      `git -c rerere.enabled=false merge -q --no-ff --no-commit ${other} > /dev/null 2>&1 || ` +
      `git rev-parse -q --verify MERGE_HEAD > /dev/null\n`
    );
  }
  if (op?.kind === 'rebase') {
    const onto = shellQuote(op.onto);
    return (
      `git -c rerere.enabled=false rebase -q ${onto} > /dev/null 2>&1 || ` +
      `[ -d "$(git rev-parse --git-path rebase-merge)" ] || [ -d "$(git rev-parse --git-path rebase-apply)" ]\n`
    );
  }
  if (state.changes !== undefined) {
    return `git read-tree -u --reset ${shellQuote(state.changes)}^{tree}\ngit reset -q\n`;
  }
  return '';
}

/** Remembers what was carried (a commit of the snapshot; the operation in its message), if anything. */
export async function recordCarried(worktree: string, state: LocalState): Promise<void> {
  if (state.snapshot === undefined) return;
  const message = JSON.stringify({ operation: state.operation ?? null, head: state.head });
  const commit = await commitTree(worktree, state.snapshot, [state.head], message);
  await git(worktree, ['update-ref', carriedRef(state.branch), commit]);
}

/**
 * Before the host's work is fetched into the local worktree: an operation or uncommitted files that
 * were carried there are dropped here (the host's result replaces them) when the local files are still
 * exactly what was carried; if someone changed them meanwhile, nothing is touched and the fetch stops
 * with what to do. Returns the operation that was carried, if any (a rebase moves the branch).
 */
export async function settleCarried(
  worktree: string,
  branch: string,
  hostName: string,
): Promise<CarriedOperation | undefined> {
  const ref = carriedRef(branch);
  const carried = await git(worktree, ['rev-parse', '-q', '--verify', `${ref}^{commit}`], {
    okCodes: [0, 1],
  });
  if (carried.code !== 0) return undefined;
  const commit = carried.stdout.trim();
  const message = JSON.parse(await gitText(worktree, ['log', '-1', '--format=%B', commit])) as {
    operation: CarriedOperation | null;
  };
  const now = await readLocalPosition(worktree).catch(() => undefined);
  const nowTree = now === undefined ? undefined : await snapshotIfBusy(worktree, now);
  const carriedTree = await gitText(worktree, ['rev-parse', `${commit}^{tree}`]);
  const busy = nowTree !== undefined;
  if (busy && nowTree !== carriedTree) {
    throw new GroveError(
      'STATE_INVALID',
      `the local worktree ${worktree} changed while its task ran on host ${hostName}; its work stays on the host`,
      {
        hint: `save or undo the local changes there (git status), then run \`grove retry\` or fetch ${branch} from the host by hand`,
      },
    );
  }
  if (now?.operation?.kind === 'merge') await git(worktree, ['merge', '--abort']);
  if (now?.operation?.kind === 'rebase') await git(worktree, ['rebase', '--abort']);
  if (busy) {
    await git(worktree, ['reset', '-q', '--hard', 'HEAD']);
    await git(worktree, ['clean', '-fdq']);
  }
  await git(worktree, ['update-ref', '-d', ref]);
  return message.operation ?? undefined;
}
