// What a successful fix loop changed: the diff between the commit the failing gate tested and the one the
// passing gate tested, as file names and a short stat. Commits carry whole-second times while grove's
// events carry milliseconds, so a commit is placed before or after a moment only when that is certain:
// around each moment there is a quiet window in which no commit can have been made (between the gate run
// and the next agent's first action); a commit whose second straddles the window is left undecided and
// then nothing is claimed.
import { git, gitText } from '../../infra/git/exec.js';

export interface BranchCommit {
  sha: string;
  /** Committer time, whole seconds. */
  ct: number;
}

/** A moment no commit was made in: from `after` (ms) to `before` (ms, Infinity when nothing followed). */
export interface QuietWindow {
  after: number;
  before: number;
}

/**
 * The newest commit (newest first input) made before the quiet window, or undefined when a commit's
 * second overlaps the window so that its side cannot be told.
 */
export function commitBefore(commits: readonly BranchCommit[], w: QuietWindow): string | undefined | null {
  for (const c of commits) {
    const start = c.ct * 1000;
    if (start + 1000 <= w.before) return c.sha; // surely before the window's end, so before its start
    if (start > w.after) continue; // surely after the window's start, so after its end
    return null; // undecided
  }
  return undefined;
}

export interface FixDiff {
  from: string;
  to: string;
  files: string[];
  /** `git diff --shortstat`, e.g. "1 file changed, 1 insertion(+), 1 deletion(-)". */
  stat: string;
}

/** The branch's first-parent history, newest first (at most 500 commits). */
async function branchCommits(repo: string, branch: string): Promise<BranchCommit[]> {
  const r = await git(
    repo,
    ['log', '--first-parent', '-n', '500', '--format=%H %ct', `refs/heads/${branch}`],
    {
      okCodes: [0, 128],
    },
  );
  if (r.code !== 0) return [];
  return r.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const [sha = '', ct = '0'] = l.split(' ');
      return { sha, ct: Number(ct) };
    });
}

/** The fix's diff, or undefined when the branch is gone or the commits cannot be told apart. */
export async function fixDiff(
  repo: string,
  branch: string,
  failing: QuietWindow,
  passing: QuietWindow,
): Promise<FixDiff | undefined> {
  const commits = await branchCommits(repo, branch);
  const from = commitBefore(commits, failing);
  const to = commitBefore(commits, passing);
  if (!from || !to || from === to) return undefined;
  const names = await gitText(repo, ['diff', '--name-only', '--no-renames', from, to]);
  const stat = await gitText(repo, ['diff', '--shortstat', '--no-renames', from, to]);
  return {
    from,
    to,
    files: names.split('\n').filter((l) => l !== ''),
    stat: stat.trim(),
  };
}
