import { git } from './exec.js';

/** The stable patch-id of the diff between two commits (undefined when the diff is empty). */
export async function patchIdOfDiff(repo: string, from: string, to: string): Promise<string | undefined> {
  const diff = await git(repo, ['diff', '--no-color', '--no-ext-diff', '--full-index', from, to, '--']);
  if (diff.stdout === '') return undefined;
  const ids = parsePatchIds((await git(repo, ['patch-id', '--stable'], { input: diff.stdout })).stdout);
  return ids[0]?.patchId;
}

/** Patch-ids of each non-merge commit in `range` (e.g. `mb..main`). */
export async function patchIdsOfCommits(
  repo: string,
  range: string,
): Promise<Array<{ patchId: string; commit: string }>> {
  const log = await git(repo, [
    'log',
    '-p',
    '--no-merges',
    '--no-color',
    '--no-ext-diff',
    '--full-index',
    range,
    '--',
  ]);
  if (log.stdout === '') return [];
  return parsePatchIds((await git(repo, ['patch-id', '--stable'], { input: log.stdout })).stdout);
}

/** Parses `git patch-id` output: `<patch-id> <commit>` per line (pure). */
export function parsePatchIds(output: string): Array<{ patchId: string; commit: string }> {
  return output
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((p): p is [string, string] => p.length === 2 && p[0] !== '')
    .map(([patchId, commit]) => ({ patchId, commit }));
}
