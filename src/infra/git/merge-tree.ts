import type { MergeMessage, ParsedMerge } from './parse/merge-tree.js';
import { parseMergeTree, parseMergeTreeBatch } from './parse/merge-tree.js';
import { GroveError } from '../../shared/errors.js';
import { git } from './exec.js';
import { resolveRefs } from './refs.js';

export type { MergeMessage };

export type MergeTreeResult =
  | { kind: 'clean'; tree: string }
  | { kind: 'conflict'; tree: string; files: string[]; messages: MergeMessage[] }
  | { kind: 'unrelated' }
  | { kind: 'missing-ref'; ref: string };

const MERGE_ARGS = ['merge-tree', '--write-tree', '--name-only', '-z'];

/**
 * Merges two commits in memory (`git merge-tree --write-tree`), touching no worktree. Guards git's traps:
 * an unknown ref exits 1 with empty output like a conflict (so refs are checked first), and unrelated
 * histories exit 128.
 */
export async function mergeTree(repo: string, a: string, b: string): Promise<MergeTreeResult> {
  const missing = await findMissing(repo, [a, b]);
  if (missing !== undefined) return { kind: 'missing-ref', ref: missing };
  const result = await git(repo, [...MERGE_ARGS, '--', a, b], { okCodes: [0, 1, 128] });
  if (result.code === 128) return unrelatedOrThrow(result.stderr, a, b);
  return parseMergeTree(result.stdout, result.code === 0);
}

/**
 * Many merges in ONE `git merge-tree --stdin` process, results in input order. Missing refs are found
 * first in one cat-file call; a pair with unrelated histories stops git (exit 128), so the batch
 * resumes after it.
 */
export async function mergeTreeMany(
  repo: string,
  pairs: ReadonlyArray<readonly [string, string]>,
): Promise<MergeTreeResult[]> {
  const results: Array<MergeTreeResult | undefined> = pairs.map(() => undefined);
  const revs = pairs.flatMap(([a, b]) => [a, b]);
  for (const rev of revs) {
    if (/\s/.test(rev) || rev === '')
      throw new GroveError('GIT_FAILED', `invalid revision ${JSON.stringify(rev)}`);
  }
  const found = await resolveRefs(
    repo,
    revs.map((r) => `${r}^{commit}`),
  );
  const todo: number[] = [];
  pairs.forEach(([a, b], i) => {
    const missing = [a, b].find((r) => !found.has(`${r}^{commit}`));
    if (missing !== undefined) results[i] = { kind: 'missing-ref', ref: missing };
    else todo.push(i);
  });
  let pending = todo;
  while (pending.length > 0) {
    const input = pending.map((i) => `${pairs[i]![0]} ${pairs[i]![1]}\n`).join('');
    const result = await git(repo, [...MERGE_ARGS, '--stdin'], { input, okCodes: [0, 1, 128] });
    const merges: ParsedMerge[] = parseMergeTreeBatch(result.stdout);
    merges.forEach((m, k) => (results[pending[k]!] = m));
    if (merges.length >= pending.length) break;
    const stopped = pending[merges.length]!;
    const [a, b] = pairs[stopped]!;
    if (result.code !== 128)
      throw new GroveError('GIT_FAILED', `git merge-tree --stdin stopped early: ${result.stderr.trim()}`);
    results[stopped] = unrelatedOrThrow(result.stderr, a, b);
    pending = pending.slice(merges.length + 1);
  }
  return results.map((r) => r ?? { kind: 'missing-ref', ref: '' });
}

async function findMissing(repo: string, revs: readonly string[]): Promise<string | undefined> {
  const found = await resolveRefs(
    repo,
    revs.map((r) => `${r}^{commit}`),
  );
  return revs.find((r) => !found.has(`${r}^{commit}`));
}

function unrelatedOrThrow(stderr: string, a: string, b: string): MergeTreeResult {
  if (/unrelated histories/.test(stderr)) return { kind: 'unrelated' };
  throw new GroveError('GIT_FAILED', `git merge-tree ${a} ${b} failed: ${stderr.trim()}`);
}
