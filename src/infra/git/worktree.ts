import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { GroveError } from '../../shared/errors.js';
import { createKeyedSerializer } from '../fs/pool.js';
import type { WorktreeEntry } from './parse/worktree-list.js';
import { parseWorktreeList } from './parse/worktree-list.js';
import { git } from './exec.js';
import { deleteRef, resolveRefs } from './refs.js';

export type { WorktreeEntry };

/**
 * git writes a new worktree's metadata (`.git/worktrees/<name>/commondir`, `gitdir`, ...) one file at a
 * time, and any git command that lists worktrees meanwhile can read a half-made entry and die with
 * "fatal: failed to read .git/worktrees/<name>/commondir: Success" (git 2.39). Two `grove spawn`s of one
 * plan hit it under load, and the failed `worktree add -b` left its new branch behind. So grove runs its
 * own worktree commands one at a time per repository, and retries one that lost this race to another
 * process.
 */
const RACE = /failed to read .*worktrees\/[^\s]+\/(?:commondir|gitdir)/;
const RACE_RETRIES = 4;

const oneAtATime = createKeyedSerializer();

/** Runs `fn` after every earlier worktree command of this process on `repo` has settled. */
function serialized<T>(repo: string, fn: () => Promise<T>): Promise<T> {
  return oneAtATime(resolve(repo), fn);
}

/** Whether a git failure is the half-made-worktree race (worth a retry), not a real refusal. */
export function isWorktreeRace(error: unknown): boolean {
  return error instanceof GroveError && error.code === 'GIT_FAILED' && RACE.test(error.message);
}

/** Retries `fn` while it loses the worktree race to another process, with a short growing pause. */
async function retryingRace<T>(fn: () => Promise<T>, beforeRetry?: () => Promise<void>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (!isWorktreeRace(error) || attempt >= RACE_RETRIES) throw error;
      await beforeRetry?.();
      await sleep(50 * 2 ** attempt);
    }
  }
}

/** Every worktree of the repository (the main checkout first). */
export async function listWorktrees(repo: string): Promise<WorktreeEntry[]> {
  const result = await serialized(repo, () =>
    retryingRace(() => git(repo, ['worktree', 'list', '--porcelain', '-z'])),
  );
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

/**
 * `git worktree add [-b <newBranch>] <path> <startPoint>`; never forces. When the add fails after git
 * made the new branch, the branch is deleted again if it is still at its start (nothing on it), so a
 * retry of the spawn does not meet "branch already exists"; a branch that existed before is left alone.
 */
export async function addWorktree(repo: string, path: string, options: AddWorktreeOptions): Promise<void> {
  const args = ['worktree', 'add', '--quiet'];
  if (options.noCheckout) args.push('--no-checkout');
  if (options.newBranch !== undefined) args.push('-b', options.newBranch);
  args.push('--', path, options.startPoint);
  const { newBranch } = options;
  if (newBranch === undefined) {
    await serialized(repo, () => retryingRace(() => git(repo, args)));
    return;
  }
  const ref = `refs/heads/${newBranch}`;
  await serialized(repo, async () => {
    const startRev = `${options.startPoint}^{commit}`;
    const known = await resolveRefs(repo, [startRev, ref]);
    const start = known.get(startRev);
    const existedBefore = known.has(ref);
    const dropMadeBranch = async (): Promise<void> => {
      if (existedBefore || start === undefined) return;
      await deleteRef(repo, ref, start).catch(() => undefined);
    };
    try {
      await retryingRace(() => git(repo, args), dropMadeBranch);
    } catch (error) {
      await dropMadeBranch();
      throw error;
    }
  });
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
  await serialized(repo, () => retryingRace(() => git(repo, args)));
}

/** Removes metadata of worktrees whose folders are gone (`git worktree prune`); returns what it pruned. */
export async function pruneWorktrees(repo: string): Promise<string[]> {
  const result = await serialized(repo, () =>
    retryingRace(() => git(repo, ['worktree', 'prune', '--verbose'])),
  );
  return `${result.stdout}${result.stderr}`
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
}
