// What `grove conflicts` remembers between checks, in `<stateDir>/cache/merge-tree.json`: the outcome
// of merging two commits, keyed by the two commit ids. A merge of two commits is a pure function of
// them (their history, hence their merge base, is fixed by the ids), so an entry can never be stale:
// a moved branch or base has another id and misses. Two grove processes writing at once can lose an
// entry, never make one wrong; a missing or unreadable file is an empty cache.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { MergeTreeResult } from '../../infra/git/merge-tree.js';

/** What is kept of a merge: clean, or the conflicted files (what the prediction reads). */
export type CachedMerge = { kind: 'clean' } | { kind: 'conflict'; files: string[] };

interface CacheFile {
  version: 1;
  /** `<commit> <commit>` → 0 (clean) or the conflicted files. */
  merges: Record<string, 0 | string[]>;
}

const OID = /^[0-9a-f]{40,64}$/;

export class MergeCache {
  private changed = false;
  private readonly used = new Set<string>();

  private constructor(
    private readonly file: string,
    private readonly data: CacheFile,
  ) {}

  static async open(stateDir: string): Promise<MergeCache> {
    const file = join(stateDir, 'cache', 'merge-tree.json');
    const data = await readFile(file, 'utf8').then(parse, () => undefined);
    return new MergeCache(file, data ?? { version: 1, merges: {} });
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
    const keep: CacheFile = { version: 1, merges: {} };
    for (const k of this.used) {
      const v = this.data.merges[k];
      if (v !== undefined) keep.merges[k] = v;
    }
    if (!this.changed && Object.keys(keep.merges).length === Object.keys(this.data.merges).length) return;
    await mkdir(dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify(keep));
    await rename(temp, this.file);
  }
}

function parse(text: string): CacheFile | undefined {
  try {
    const data = JSON.parse(text) as Partial<CacheFile>;
    if (data.version !== 1 || typeof data.merges !== 'object' || data.merges === null) return undefined;
    for (const v of Object.values(data.merges)) {
      if (v !== 0 && !(Array.isArray(v) && v.every((f) => typeof f === 'string'))) return undefined;
    }
    return data as CacheFile;
  } catch {
    return undefined;
  }
}
