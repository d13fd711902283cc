// What `grove conflicts` remembers between checks, in `<stateDir>/cache/merge-tree.json`: the outcome
// of merging two commits, keyed by the two commit ids, and which pairs were proved clean without a
// merge, keyed by the base and the two commit ids. A merge of two commits is a pure function of
// them (their history, hence their merge base, is fixed by the ids), so an entry can never be stale:
// a moved branch or base has another id and misses. Two grove processes writing at once can lose an
// entry, never make one wrong; a missing or unreadable file is an empty cache.
import { cacheFilePath, readCacheFile, writeCacheFile } from '../../infra/fs/cache-file.js';
import type { MergeTreeResult } from '../../infra/git/merge-tree.js';

/** What is kept of a merge: clean, or the conflicted files (what the prediction reads). */
export type CachedMerge = { kind: 'clean' } | { kind: 'conflict'; files: string[] };

interface CacheFile {
  version: 1;
  /** `<commit> <commit>` → 0 (clean) or the conflicted files. */
  merges: Record<string, 0 | string[]>;
  /**
   * `<base> <commit> <commit>`: the two commits' work since the base was proved clean without a merge
   * (one fork, no shared commits, disjoint paths: a pure function of the three commits too).
   */
  proved: Record<string, 1>;
}

const OID = /^[0-9a-f]{40,64}$/;

export class MergeCache {
  private changed = false;
  private readonly used = new Set<string>();
  private readonly usedProofs = new Set<string>();

  private constructor(
    private readonly file: string,
    private readonly data: CacheFile,
  ) {}

  static async open(stateDir: string): Promise<MergeCache> {
    const file = cacheFilePath(stateDir, 'merge-tree');
    const data = await readCacheFile(file, parse);
    return new MergeCache(file, data ?? { version: 1, merges: {}, proved: {} });
  }

  /** Whether the merge of two commit ids is remembered. */
  has(a: string, b: string): boolean {
    return OID.test(a) && OID.test(b) && this.data.merges[`${a} ${b}`] !== undefined;
  }

  /** Whether an earlier check proved the two commits' work since `base` clean without a merge. */
  provedClean(base: string, a: string, b: string): boolean {
    if (![base, a, b].every((oid) => OID.test(oid))) return false;
    const key = `${base} ${a} ${b}`;
    this.usedProofs.add(key);
    return this.data.proved[key] === 1;
  }

  setProvedClean(base: string, a: string, b: string): void {
    if (![base, a, b].every((oid) => OID.test(oid))) return;
    const key = `${base} ${a} ${b}`;
    this.usedProofs.add(key);
    this.data.proved[key] = 1;
    this.changed = true;
  }

  /** The remembered merge of two commit ids (never of a ref name: a name can move). */
  get(a: string, b: string): CachedMerge | undefined {
    if (!OID.test(a) || !OID.test(b)) return undefined;
    const key = `${a} ${b}`;
    this.used.add(key);
    const hit = this.data.merges[key];
    if (hit === undefined) return undefined;
    return hit === 0 ? { kind: 'clean' } : { kind: 'conflict', files: hit };
  }

  /** Remembers a clean or conflicting merge of two commit ids; other outcomes are not kept. */
  set(a: string, b: string, result: MergeTreeResult): void {
    if (!OID.test(a) || !OID.test(b)) return;
    if (result.kind !== 'clean' && result.kind !== 'conflict') return;
    const key = `${a} ${b}`;
    this.used.add(key);
    this.data.merges[key] = result.kind === 'clean' ? 0 : result.files;
    this.changed = true;
  }

  /** Writes the entries this check used (others are dropped), atomically, when anything changed. */
  async save(): Promise<void> {
    const keep: CacheFile = { version: 1, merges: {}, proved: {} };
    for (const k of this.used) {
      const v = this.data.merges[k];
      if (v !== undefined) keep.merges[k] = v;
    }
    for (const k of this.usedProofs) if (this.data.proved[k] === 1) keep.proved[k] = 1;
    const size = (c: CacheFile): number => Object.keys(c.merges).length + Object.keys(c.proved).length;
    if (!this.changed && size(keep) === size(this.data)) return;
    await writeCacheFile(this.file, keep);
  }
}

function parse(json: unknown): CacheFile | undefined {
  const data = json as Partial<CacheFile> | null;
  if (data?.version !== 1 || typeof data.merges !== 'object' || data.merges === null) return undefined;
  if (typeof data.proved !== 'object' || data.proved === null) return undefined;
  for (const v of Object.values(data.merges)) {
    if (v !== 0 && !(Array.isArray(v) && v.every((f) => typeof f === 'string'))) return undefined;
  }
  if (Object.values(data.proved).some((v) => v !== 1)) return undefined;
  return data as CacheFile;
}
