import { GroveError } from '../../shared/errors.js';
import { git, gitText } from './exec.js';
import { resolveRefs } from './refs.js';

/** Creates `name` at `startPoint`; fails when it exists (never -f). */
export async function createBranch(repo: string, name: string, startPoint: string): Promise<void> {
  await git(repo, ['branch', '--no-track', '--', name, startPoint]);
}

export async function branchExists(repo: string, name: string): Promise<boolean> {
  return (await resolveRefs(repo, [`refs/heads/${name}`])).has(`refs/heads/${name}`);
}

/** Local branches under a prefix (e.g. `grove/`) with their commits. */
export async function listBranches(repo: string, prefix = ''): Promise<Map<string, string>> {
  const out = await gitText(repo, [
    'for-each-ref',
    '--format=%(objectname) %(refname:strip=2)',
    '--',
    `refs/heads/${prefix}`,
  ]);
  const map = new Map<string, string>();
  for (const line of out.split('\n')) {
    if (line === '') continue;
    const space = line.indexOf(' ');
    map.set(line.slice(space + 1), line.slice(0, space));
  }
  return map;
}

/**
 * Deletes a branch with `git branch -d` (git refuses when it is not merged); `force` uses `-D` and is
 * only for callers that saved the work or were asked to.
 */
export async function deleteBranch(
  repo: string,
  name: string,
  options: { force?: boolean } = {},
): Promise<void> {
  const result = await git(repo, ['branch', options.force ? '-D' : '-d', '--', name], { okCodes: [0, 1] });
  if (result.code !== 0) {
    throw new GroveError('GIT_FAILED', `git refused to delete branch ${name}: ${result.stderr.trim()}`, {
      hint: 'the branch has commits that are not merged; integrate them or delete it yourself',
    });
  }
}
