// What grove does with a merge-queue culprit before any agent round: bring the base's new commits into
// the task's worktree itself when it may touch it, then either rerun the gates (git resolved it) or ask
// the agent, saying exactly what the worktree holds. Pure: facts in, decision out (src/app/run/catch-up.ts
// applies it).

/** The task's worktree as grove found it. */
export interface WorktreeLook {
  /** The worktree is on disk. */
  present: boolean;
  /** Uncommitted or untracked paths (the agent's work in progress, never touched). */
  dirty: readonly string[];
  /** An attempt of the task has not ended: its agent may still be writing there. */
  agentRunning: boolean;
  /** A merge or rebase left unfinished. */
  inProgress: 'merge' | 'rebase' | undefined;
}

export type CatchUpPlan =
  | { kind: 'bring-base'; how: 'merge' | 'rebase' }
  /** grove leaves the worktree alone; `why` is said to the agent and the lead. */
  | { kind: 'leave'; why: string };

const listed = (paths: readonly string[]): string =>
  paths.length > 3 ? `${paths.slice(0, 3).join(', ')} and ${paths.length - 3} more` : paths.join(', ');

/** `queue.method`: merge and squash bring the base in with a merge commit, rebase replays the branch. */
export function planCatchUp(look: WorktreeLook, method: 'squash' | 'merge' | 'rebase'): CatchUpPlan {
  if (!look.present) return { kind: 'leave', why: 'its worktree is not on disk' };
  if (look.agentRunning) return { kind: 'leave', why: 'its agent is still running there' };
  if (look.inProgress) return { kind: 'leave', why: `a ${look.inProgress} is already in progress there` };
  if (look.dirty.length > 0)
    return { kind: 'leave', why: `it has uncommitted changes (${listed(look.dirty)})` };
  return { kind: 'bring-base', how: method === 'rebase' ? 'rebase' : 'merge' };
}

/** What git did in the worktree (src/infra/git/catch-up.ts). */
export type CatchUpResult =
  | { kind: 'merged'; head: string }
  | { kind: 'up-to-date' }
  | { kind: 'conflict'; files: string[] }
  | { kind: 'failed'; message: string };

export type AfterCatchUp =
  /** git resolved it: the gates run again on the new tip, the agent is not asked. */
  | { kind: 'rerun-gates' }
  /** The conflict markers are in the worktree: the agent resolves them and finishes the merge/rebase. */
  | { kind: 'resolve'; files: string[] }
  /** The worktree already holds the base (nothing new to merge): the agent gets the queue's failure. */
  | { kind: 'reproduce' }
  /** grove could not bring the base in: the agent does it, told why. */
  | { kind: 'merge-yourself'; why: string };

/**
 * After a queue conflict or a failed queue test: a clean merge reruns the gates (they fail again if the
 * combination really is broken, and the fix prompt then says what was merged). Nothing new to merge
 * means the queue saw the same tree the worktree has: only the agent can help.
 */
export function decideAfterCatchUp(failure: 'conflict' | 'test-failed', result: CatchUpResult): AfterCatchUp {
  switch (result.kind) {
    case 'merged':
      return { kind: 'rerun-gates' };
    case 'conflict':
      return { kind: 'resolve', files: result.files };
    case 'up-to-date':
      return failure === 'test-failed'
        ? { kind: 'reproduce' }
        : {
            kind: 'merge-yourself',
            why: 'git found the base already in the branch, yet the queue could not merge it',
          };
    case 'failed':
      return { kind: 'merge-yourself', why: `git could not bring it in: ${result.message}` };
  }
}
