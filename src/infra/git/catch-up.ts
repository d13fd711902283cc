// Brings the base's new commits into a task's worktree (`git merge` or `git rebase` there), for the merge
// queue's culprits (src/app/run/catch-up.ts). A conflict is left in the worktree with its markers; any
// other failure is undone, so the worktree is as it was.
import { existsSync, readFileSync } from 'node:fs';
import type { CatchUpResult } from '../../core/queue/catch-up.js';
import { GROVE_IDENTITY } from './commit-tree.js';
import { git, gitText } from './exec.js';
import { parseConflictMarkers } from './parse/diff-check.js';

export type { CatchUpResult };

export type CatchUpHow = 'merge' | 'rebase';

/** A merge or rebase left unfinished in `worktree` (its markers are still there), if one is. */
export async function operationInProgress(worktree: string): Promise<CatchUpHow | undefined> {
  const path = (name: string): Promise<string> =>
    gitText(worktree, ['rev-parse', '--path-format=absolute', '--git-path', name]);
  if (existsSync(await path('MERGE_HEAD'))) return 'merge';
  for (const dir of ['rebase-merge', 'rebase-apply']) if (existsSync(await path(dir))) return 'rebase';
  return undefined;
}

/** Conflict markers (`<<<<<<<`, `=======`, `>>>>>>>` lines) the branch added since it left `base`. */
export async function committedConflictMarkers(
  worktree: string,
  base: string,
): Promise<Array<{ file: string; line: number }>> {
  const out = await git(worktree, ['diff', '--check', '--no-ext-diff', `${base}...HEAD`, '--'], {
    okCodes: [0, 1, 2],
  });
  return parseConflictMarkers(out.stdout);
}

/** The branch (`refs/heads/…`) a rebase in progress in `worktree` is rebasing, if one is (HEAD is detached then). */
export async function rebasingBranch(worktree: string): Promise<string | undefined> {
  for (const dir of ['rebase-merge', 'rebase-apply']) {
    const file = await gitText(worktree, [
      'rev-parse',
      '--path-format=absolute',
      '--git-path',
      `${dir}/head-name`,
    ]);
    if (existsSync(file)) return readFileSync(file, 'utf8').trim() || undefined;
  }
  return undefined;
}

async function unmergedFiles(worktree: string): Promise<string[]> {
  const out = await git(worktree, ['diff', '--name-only', '--diff-filter=U', '-z']);
  return out.stdout.split('\0').filter((f) => f !== '');
}

/**
 * `git merge <base>` (a merge commit by grove with `message`) or `git rebase <base>` (the branch's own
 * commits replayed, their authors kept) in `worktree`, which must be clean. Hooks do not run: grove's
 * own commit, not the agent's.
 */
export async function bringBaseIn(
  worktree: string,
  base: string,
  how: CatchUpHow,
  message: string,
): Promise<CatchUpResult> {
  const before = await gitText(worktree, ['rev-parse', 'HEAD']);
  const ancestor = await git(worktree, ['merge-base', '--is-ancestor', base, 'HEAD'], { okCodes: [0, 1] });
  if (ancestor.code === 0) return { kind: 'up-to-date' };
  const run =
    how === 'merge'
      ? await git(worktree, ['merge', '--no-edit', '--no-verify', '--no-gpg-sign', '-m', message, base], {
          okCodes: [0, 1, 2, 128],
          env: GROVE_IDENTITY,
        })
      : await git(worktree, ['rebase', '--no-verify', '--no-gpg-sign', base], {
          okCodes: [0, 1, 2, 128],
          env: { GIT_COMMITTER_NAME: 'grove', GIT_COMMITTER_EMAIL: 'grove@localhost' },
        });
  if (run.code === 0) {
    const head = await gitText(worktree, ['rev-parse', 'HEAD']);
    return head === before ? { kind: 'up-to-date' } : { kind: 'merged', head };
  }
  const files = await unmergedFiles(worktree);
  if (files.length > 0) return { kind: 'conflict', files };
  const message_ = `${run.stdout}${run.stderr}`.trim() || `git ${how} exited ${run.code}`;
  await undo(worktree, how);
  return { kind: 'failed', message: message_ };
}

async function undo(worktree: string, how: CatchUpHow): Promise<void> {
  if ((await operationInProgress(worktree)) === how)
    await git(worktree, [how, '--abort'], { okCodes: [0, 1, 128] });
}
