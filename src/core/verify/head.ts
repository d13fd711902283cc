// Gates look at the worktree's HEAD; the queue merges the task's branch. They are the same commit only
// while HEAD is the branch: a detached or switched HEAD would let gates pass on one commit and the
// queue land another, so verification refuses it and says how to get back.

export interface WorktreeHead {
  /** The full ref HEAD points at; undefined when HEAD is detached. */
  ref: string | undefined;
  /** The commit HEAD names; undefined when the branch has no commit yet. */
  sha: string | undefined;
  /** HEAD is detached by a rebase in progress of this branch (`refs/heads/…`). */
  rebasing?: string | undefined;
}

export type HeadCheck = { kind: 'ok'; sha: string } | { kind: 'wrong'; message: string };

const short = (sha: string | undefined): string => sha?.slice(0, 8) ?? 'nothing';

/** Whether gates may verify `head` as the work of `branch` (e.g. `grove/a`). */
export function checkHead(head: WorktreeHead, branch: string): HeadCheck {
  const want = `refs/heads/${branch}`;
  const back = `\`git switch ${branch}\` (commit your work there first)`;
  if (head.sha === undefined)
    return { kind: 'wrong', message: `the worktree's HEAD names no commit; commit your work on ${branch}` };
  if (head.ref === undefined && head.rebasing === want)
    return {
      kind: 'wrong',
      message: `a rebase of ${branch} is in progress and not finished (HEAD is detached at ${short(head.sha)} until it ends): resolve the conflicts (edit each file, \`git add\` it), then \`git rebase --continue\` until the rebase is done; do not \`git switch\` away`,
    };
  if (head.ref === undefined)
    return {
      kind: 'wrong',
      message: `HEAD is detached at ${short(head.sha)}, not on ${branch}: grove merges ${branch}, so gates verify only what is on it; run ${back}`,
    };
  if (head.ref !== want)
    return {
      kind: 'wrong',
      message: `HEAD is on ${head.ref.replace(/^refs\/heads\//, '')}, not on ${branch}: grove merges ${branch}, so gates verify only what is on it; run ${back}`,
    };
  return { kind: 'ok', sha: head.sha };
}

/** The queue may build a task only from the commit its gates passed on. */
export function checkVerifiedTip(
  branch: string,
  verified: string,
  tip: string | undefined,
): { kind: 'ok' } | { kind: 'moved'; message: string } {
  if (tip === verified) return { kind: 'ok' };
  return {
    kind: 'moved',
    message: `${branch} moved from ${short(verified)} (where its gates passed) to ${short(tip)} after verification; the queue lands only what was verified`,
  };
}
