import type { AheadBehind } from './parse/left-right.js';
import { parseLeftRightCount } from './parse/left-right.js';
import type { DiffStat, NumstatFile } from './parse/numstat.js';
import { parseNumstat, sumNumstat } from './parse/numstat.js';
import type { WorktreeStatus } from './parse/status.js';
import { parseStatus } from './parse/status.js';
import { git, gitText } from './exec.js';
import { snapshotWorktree } from './snapshot.js';

export type { AheadBehind, DiffStat, NumstatFile, WorktreeStatus };

/** `git status --porcelain=v2 -z --branch` in `worktree`: branch, dirty flag, untracked count, entries. */
export async function worktreeStatus(worktree: string): Promise<WorktreeStatus> {
  const result = await git(worktree, ['status', '--porcelain=v2', '-z', '--branch', '--untracked-files=all']);
  return parseStatus(result.stdout);
}

/** Commits `branch` has that `base` lacks (ahead) and the reverse (behind), in one rev-list. */
export async function aheadBehind(repo: string, base: string, branch: string): Promise<AheadBehind> {
  return parseLeftRightCount(
    await gitText(repo, ['rev-list', '--left-right', '--count', `${base}...${branch}`, '--']),
  );
}

/** Files and lines changed between two commits or trees (or in `A...B`: since their merge base). */
export async function diffNumstat(
  repo: string,
  ...revs: [string] | [string, string]
): Promise<NumstatFile[]> {
  const result = await git(repo, ['diff', '--numstat', '-z', '--no-renames', '--no-ext-diff', ...revs, '--']);
  return parseNumstat(result.stdout);
}

/**
 * The diff stat of a worktree against its base: committed work since the merge base, plus (when
 * `uncommitted`) staged, unstaged and untracked changes, taken from a snapshot tree that leaves the
 * real index alone.
 */
export async function diffStatVsBase(
  worktree: string,
  base: string,
  options: { uncommitted: boolean },
): Promise<DiffStat> {
  if (!options.uncommitted) return sumNumstat(await diffNumstat(worktree, `${base}...HEAD`));
  const [mergeBase, snapshot] = await Promise.all([
    gitText(worktree, ['merge-base', base, 'HEAD']),
    snapshotWorktree(worktree),
  ]);
  return sumNumstat(await diffNumstat(worktree, mergeBase, snapshot.tree));
}
