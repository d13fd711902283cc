import { availableParallelism } from 'node:os';
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
 * Many merges through `git merge-tree --stdin`, results in input order. Missing refs are found first
 * in one cat-file call; the rest is split into at most `parallel` batches (default: one per core, at
 * most 4), each ONE `git merge-tree --stdin` process, run side by side. A pair with unrelated
 * histories stops git (exit 128), so that batch resumes after it.
 */
export async function mergeTreeMany(
  repo: string,
  pairs: ReadonlyArray<readonly [string, string]>,
  options: { parallel?: number } = {},
): Promise<MergeTreeResult[]> {
  const results: Array<MergeTreeResult | undefined> = pairs.map(() => undefined);
  const revs = pairs.flatMap(([a, b]) => [a, b]);
  for (const rev of revs) {
    if (/\s/.test(rev) || rev === '')
      throw new GroveError('GIT_FAILED', `invalid revision ${JSON.stringify(rev)}`);
  }
  if (pairs.length === 0) return [];
  const found = await resolveRefs(
    repo,
    [...new Set(revs)].map((r) => `${r}^{commit}`),
  );
  const todo: number[] = [];
  pairs.forEach(([a, b], i) => {
    const missing = [a, b].find((r) => !found.has(`${r}^{commit}`));
    if (missing !== undefined) results[i] = { kind: 'missing-ref', ref: missing };
    else todo.push(i);
  });
  const parallel = Math.max(1, Math.min(options.parallel ?? defaultParallel(), todo.length));
  // Batches of at least MIN_BATCH merges: a git process costs more than a few merges.
  const batches = Math.max(1, Math.min(parallel, Math.floor(todo.length / MIN_BATCH)));
  const size = Math.ceil(todo.length / batches);
  const slices = Array.from({ length: batches }, (_, k) => todo.slice(k * size, (k + 1) * size));
  await Promise.all(slices.map((slice) => mergeBatch(repo, pairs, slice, results)));
  return results.map((r) => r ?? { kind: 'missing-ref', ref: '' });
}

const MIN_BATCH = 16;

function defaultParallel(): number {
  return Math.min(4, availableParallelism());
}

/** The merges `indexes` names, through one `git merge-tree --stdin` (again after an unrelated pair). */
async function mergeBatch(
  repo: string,
  pairs: ReadonlyArray<readonly [string, string]>,
  indexes: readonly number[],
  results: Array<MergeTreeResult | undefined>,
): Promise<void> {
  let pending = indexes;
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
