// What a local worktree holds beyond its commit, carried to the host's copy before an attempt there:
// a merge or rebase grove left unfinished (the merge queue's conflict sent back, with its markers) is
// replayed on the host from the same commits, so it stops at the same conflicts; uncommitted files are
// put there as uncommitted files. The local worktree keeps its state until the attempt's work comes
// back (a retry on another host carries it again); then it is settled, if nobody changed it meanwhile.
import { existsSync, readFileSync } from 'node:fs';
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
  /** Every file of the worktree as it is now, as a tree. */
  snapshot: string;
  /** A commit of `snapshot` on `head` when the files differ from `head` and no operation runs. */
  changes?: string;
}

/** The ref that remembers what was carried for `branch`, so the local copy is settled only if unchanged. */
export const carriedRef = (branch: string): string => `refs/grove/carried/${branch}`;

async function gitPath(worktree: string, name: string): Promise<string> {
  return gitText(worktree, ['rev-parse', '--path-format=absolute', '--git-path', name]);
}

async function readGitFile(worktree: string, name: string): Promise<string | undefined> {
  const file = await gitPath(worktree, name);
  return existsSync(file) ? readFileSync(file, 'utf8').trim() || undefined : undefined;
}

/** The local worktree's branch, commit, unfinished operation and files. */
export async function readLocalState(worktree: string): Promise<LocalState> {
  const snapshot = await snapshotWorktree(worktree);
  for (const dir of ['rebase-merge', 'rebase-apply']) {
    const headName = await readGitFile(worktree, `${dir}/head-name`);
    if (headName === undefined) continue;
    const onto = await readGitFile(worktree, `${dir}/onto`);
    const orig = await readGitFile(worktree, `${dir}/orig-head`);
    if (!headName.startsWith('refs/heads/') || onto === undefined || orig === undefined) {
      throw new GroveError(
        'STATE_INVALID',
        `the rebase in progress in ${worktree} cannot be carried to a host`,
        {
          hint: 'finish it (`git rebase --continue`) or abort it (`git rebase --abort`) there, then retry',
        },
      );
    }
    return {
      branch: headName.slice('refs/heads/'.length),
      head: orig,
      operation: { kind: 'rebase', onto },
      snapshot: snapshot.tree,
    };
  }
  const branch = await gitText(worktree, ['symbolic-ref', '--short', 'HEAD']);
  const head = await gitText(worktree, ['rev-parse', 'HEAD']);
  const other = await readGitFile(worktree, 'MERGE_HEAD');
  if (other !== undefined) {
    return {
      branch,
      head,
      operation: { kind: 'merge', other: other.split('\n')[0]! },
      snapshot: snapshot.tree,
    };
  }
  const headTree = await gitText(worktree, ['rev-parse', 'HEAD^{tree}']);
  if (snapshot.tree === headTree) return { branch, head, snapshot: snapshot.tree };
  const changes = await commitTree(
    worktree,
    snapshot.tree,
    [head],
    'grove: uncommitted work carried to a host',
  );
  return { branch, head, snapshot: snapshot.tree, changes };
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

/** Remembers what was carried (a commit of the snapshot; the operation in its message). */
export async function recordCarried(worktree: string, state: LocalState): Promise<void> {
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
  const now = await readLocalState(worktree).catch(() => undefined);
  const carriedTree = await gitText(worktree, ['rev-parse', `${commit}^{tree}`]);
  const busy = now !== undefined && (now.operation !== undefined || now.changes !== undefined);
  if (busy && now.snapshot !== carriedTree) {
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
