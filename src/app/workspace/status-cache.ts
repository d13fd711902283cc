// What `grove status` remembers between runs, in `<stateDir>/cache/status.json`: each worktree's diff
// stat under a key made of everything it depends on, and ahead/behind per (base commit, branch commit).
// Every value is a pure function of its key, so two grove processes writing at once can lose an entry,
// never make one wrong; a missing or unreadable file is an empty cache.
import { createHash } from 'node:crypto';
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { cacheFilePath, readCacheFile, writeCacheFile } from '../../infra/fs/cache-file.js';
import type { AheadBehind, DiffStat, WorktreeStatus } from '../../infra/git/status.js';

interface CacheFile {
  version: 1;
  diff: Record<string, { key: string; value: DiffStat }>;
  aheadBehind: Record<string, AheadBehind>;
}

/** A file changed this recently may change again within the clock's granularity: never cached. */
const RACY_MS = 2000;

export class StatusCache {
  private changed = false;
  private readonly usedDiff = new Set<string>();
  private readonly usedPairs = new Set<string>();

  private constructor(
    private readonly file: string,
    private readonly data: CacheFile,
  ) {}

  static async open(stateDir: string): Promise<StatusCache> {
    const file = cacheFilePath(stateDir, 'status');
    const data = await readCacheFile(file, parse);
    return new StatusCache(file, data ?? { version: 1, diff: {}, aheadBehind: {} });
  }

  aheadBehind(base: string, branch: string): AheadBehind | undefined {
    const pair = `${base}...${branch}`;
    this.usedPairs.add(pair);
    return this.data.aheadBehind[pair];
  }

  setAheadBehind(base: string, branch: string, value: AheadBehind): void {
    this.data.aheadBehind[`${base}...${branch}`] = value;
    this.changed = true;
  }

  diff(worktree: string, key: string): DiffStat | undefined {
    this.usedDiff.add(worktree);
    const hit = this.data.diff[worktree];
    return hit?.key === key ? hit.value : undefined;
  }

  setDiff(worktree: string, key: string, value: DiffStat): void {
    this.data.diff[worktree] = { key, value };
    this.changed = true;
  }

  /** Writes the entries this run used (others are dropped), atomically, when anything changed. */
  async save(): Promise<void> {
    if (!this.changed) return;
    const keep: CacheFile = { version: 1, diff: {}, aheadBehind: {} };
    for (const w of this.usedDiff) if (this.data.diff[w]) keep.diff[w] = this.data.diff[w];
    for (const p of this.usedPairs)
      if (this.data.aheadBehind[p]) keep.aheadBehind[p] = this.data.aheadBehind[p];
    await writeCacheFile(this.file, keep);
  }
}

function parse(json: unknown): CacheFile | undefined {
  const data = json as Partial<CacheFile> | null;
  if (data?.version !== 1 || typeof data.diff !== 'object' || typeof data.aheadBehind !== 'object')
    return undefined;
  if (data.diff === null || data.aheadBehind === null) return undefined;
  return data as CacheFile;
}

/** Paths whose worktree content git status did not hash: untracked, unmerged, or changed on disk. */
function unhashedPaths(status: WorktreeStatus): string[] {
  return status.entries
    .filter((e) => e.kind === 'untracked' || e.kind === 'unmerged' || e.xy[1] !== '.')
    .map((e) => e.path);
}

/**
 * The key of a worktree's diff stat: the base commit, git's full status output (HEAD commit, and for
 * each changed path its HEAD and index blobs) and the size, times and inode of every file whose content
 * git did not hash. `undefined` when a file changed within the last seconds (racy: not cacheable).
 */
export async function diffKey(
  worktree: string,
  baseOid: string,
  rawStatus: string,
  status: WorktreeStatus,
  now: number,
): Promise<string | undefined> {
  const hash = createHash('sha256').update(baseOid).update('\0').update(rawStatus);
  let racy = false;
  for (const path of unhashedPaths(status)) {
    const s = await lstat(join(worktree, path), { bigint: true }).catch(() => undefined);
    if (s && Number(s.mtimeMs) > now - RACY_MS) racy = true;
    hash.update(`\0${path}\0${s ? `${s.size}:${s.mtimeNs}:${s.ctimeNs}:${s.ino}:${s.mode}` : 'gone'}`);
  }
  return racy ? undefined : hash.digest('hex');
}
