import type { DiffFile, TaskDiff } from '../../shared/api.js';
import { git, gitText } from '../../infra/git/exec.js';
import { snapshotWorktree } from '../../infra/git/snapshot.js';

const PATCH_CAP = 256 * 1024;

/** Parses `git diff --numstat -z --no-renames` output. */
export function parseNumstatZ(out: string): DiffFile[] {
  const files: DiffFile[] = [];
  for (const record of out.split('\0')) {
    const m = /^(-|\d+)\t(-|\d+)\t([\s\S]+)$/.exec(record.replace(/^\n/, ''));
    if (!m) continue;
    const num = (s: string | undefined) => (s === undefined || s === '-' ? null : Number(s));
    files.push({ path: m[3] ?? '', additions: num(m[1]), deletions: num(m[2]) });
  }
  return files;
}

/**
 * The task's changes against its base: committed, uncommitted and untracked work in its worktree
 * against the merge base (or the branch against the base when the worktree is gone).
 */
export async function taskDiff(
  repoRoot: string,
  task: { base: string | null; branch: string | null; worktree: string | null },
): Promise<TaskDiff> {
  if (task.base === null) return { kind: 'none', reason: 'the task has no workspace yet' };
  const where = task.worktree ?? repoRoot;
  const head = task.worktree !== null ? 'HEAD' : task.branch;
  if (head === null) return { kind: 'none', reason: 'the task has no branch yet' };
  try {
    const mergeBase = await gitText(where, ['merge-base', task.base, head]);
    // A worktree's snapshot tree holds its uncommitted and untracked work too (agents create files).
    const to = task.worktree !== null ? (await snapshotWorktree(task.worktree)).tree : head;
    const range = [mergeBase, to];
    const numstat = await gitText(where, ['diff', '--numstat', '-z', '--no-renames', ...range]);
    const patch = (await git(where, ['diff', '--no-renames', '--no-color', ...range], { timeoutMs: 20_000 }))
      .stdout;
    const truncated = patch.length > PATCH_CAP;
    return {
      kind: 'diff',
      base: task.base,
      files: parseNumstatZ(numstat),
      patch: truncated ? patch.slice(0, PATCH_CAP) : patch,
      truncated,
    };
  } catch (error) {
    return { kind: 'none', reason: error instanceof Error ? error.message : String(error) };
  }
}
