// What a worktree holds, read from the disk and the index exactly (modes, symlinks, empty folders,
// ignored files, the index with its intent-to-add entries and flags), and what of it a backup cannot
// hold. The backup writes this down; the restore compares the result against it.
import { createHash } from 'node:crypto';
import { access, constants, lstat, readFile, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { git } from '../../infra/git/exec.js';
import { listIgnored } from '../../infra/git/ignored.js';

export type ScanEntry =
  | { path: string; type: 'dir'; mode: number }
  | { path: string; type: 'file'; mode: number; size: number; oid?: string }
  | { path: string; type: 'symlink'; target: string };

export interface IndexEntry {
  mode: string;
  oid: string;
  stage: number;
  path: string;
}

export interface IndexState {
  entries: IndexEntry[];
  intentToAdd: string[];
  assumeUnchanged: string[];
  skipWorktree: string[];
}

export interface Unsaveable {
  path: string;
  why: string;
}

export interface WorktreeScan {
  /** Every folder (the root as ''), file and symlink, sorted by path; `.git` and submodules left out. */
  entries: ScanEntry[];
  /** Ignored files among `entries` (or left out of them with `skipIgnored`): count, bytes, top paths. */
  ignored: { files: number; bytes: number; tops: Map<string, { files: number; bytes: number }> };
  /** What a backup cannot hold, and why. Not descended into. */
  unsaveable: Unsaveable[];
  /** Paths of the index's gitlinks (submodules): their content is the submodule's, not the worktree's. */
  submodules: string[];
}

export interface ScanOptions {
  /** Leave ignored files and folders out of `entries` (still counted in `ignored`). */
  skipIgnored?: boolean;
  /** Paths (and everything under them) to leave out: what an earlier backup said it lost. */
  skip?: readonly string[];
  /** Compute each file's blob id from its bytes (no filters): `git hash-object --no-filters`. */
  hash?: 'sha1' | 'sha256';
}

function isUtf8(name: Buffer): boolean {
  return Buffer.from(name.toString('utf8'), 'utf8').equals(name);
}

/** The blob id git gives these exact bytes (`git hash-object --no-filters`). */
export function blobId(bytes: Buffer, algo: 'sha1' | 'sha256'): string {
  return createHash(algo).update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

export async function objectFormat(worktree: string): Promise<'sha1' | 'sha256'> {
  const out = await git(worktree, ['rev-parse', '--show-object-format'], { okCodes: [0, 128, 129] });
  return out.code === 0 && out.stdout.trim() === 'sha256' ? 'sha256' : 'sha1';
}

export const MERGE_FILES = ['MERGE_HEAD', 'MERGE_MSG', 'MERGE_MODE'] as const;

/** Operations whose state lives in the git dir and that a backup cannot carry. */
const IN_PROGRESS: ReadonlyArray<[string, string, string]> = [
  ['rebase-merge', 'a rebase', 'git rebase --abort'],
  ['rebase-apply', 'a rebase or `git am`', 'git rebase --abort / git am --abort'],
  ['CHERRY_PICK_HEAD', 'a cherry-pick', 'git cherry-pick --abort'],
  ['REVERT_HEAD', 'a revert', 'git revert --abort'],
  ['sequencer', 'a cherry-pick or revert sequence', 'git cherry-pick --abort'],
  ['BISECT_LOG', 'a bisect', 'git bisect reset'],
];

/** The worktree's own git dir (`.git/worktrees/<name>` for a linked worktree). */
export async function gitDirOf(worktree: string): Promise<string> {
  return (await git(worktree, ['rev-parse', '--absolute-git-dir'])).stdout.trim();
}

/**
 * Operations in progress in `worktree` that a backup cannot carry (their state is in the git dir), each
 * as "what (file): how to end it"; and the merge state files when a merge is in progress (those it can).
 */
export async function gitDirState(worktree: string): Promise<{
  inProgress: string[];
  merge: Partial<Record<(typeof MERGE_FILES)[number], string>> | undefined;
}> {
  const dir = await gitDirOf(worktree);
  const inProgress: string[] = [];
  for (const [name, what, end] of IN_PROGRESS) {
    const there = await access(join(dir, name)).then(
      () => true,
      () => false,
    );
    if (there)
      inProgress.push(
        `${what} is in progress (${join(dir, name)}), whose state cannot go into a backup: finish it or end it (\`${end}\`)`,
      );
  }
  let merge: Partial<Record<(typeof MERGE_FILES)[number], string>> | undefined;
  for (const name of MERGE_FILES) {
    const text = await readFile(join(dir, name), 'utf8').catch(() => undefined);
    if (text !== undefined) (merge ??= {})[name] = text;
  }
  return { inProgress, merge };
}

/** Splits `items` into runs whose joined length stays under a command line's size. */
export function chunks(items: readonly string[], maxChars = 100_000): string[][] {
  const out: string[][] = [];
  let cur: string[] = [];
  let len = 0;
  for (const item of items) {
    if (cur.length > 0 && len + item.length + 1 > maxChars) {
      out.push(cur);
      cur = [];
      len = 0;
    }
    cur.push(item);
    len += item.length + 1;
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

/** The index exactly: every entry with its stage (`ls-files -s`), intent-to-add entries, and flags. */
export async function readIndexState(worktree: string): Promise<IndexState> {
  const [staged, status, tagged] = await Promise.all([
    git(worktree, ['ls-files', '-s', '-z']),
    git(worktree, [
      'status',
      '--porcelain=v2',
      '-z',
      '--no-renames',
      '--untracked-files=no',
      '--ignore-submodules=all',
    ]),
    git(worktree, ['ls-files', '-v', '-z']),
  ]);
  const entries: IndexEntry[] = [];
  for (const rec of staged.stdout.split('\0')) {
    const m = /^(\d{6}) ([0-9a-f]+) (\d)\t([\s\S]*)$/.exec(rec);
    if (m) entries.push({ mode: m[1]!, oid: m[2]!, stage: Number(m[3]), path: m[4]! });
  }
  const intentToAdd: string[] = [];
  for (const rec of status.stdout.split('\0')) {
    // `1 <XY> <sub> <mH> <mI> <mW> <hH> <hI> <path>`: ".A" is an intent-to-add entry.
    if (!rec.startsWith('1 .A ')) continue;
    intentToAdd.push(rec.split(' ').slice(8).join(' '));
  }
  const assumeUnchanged: string[] = [];
  const skipWorktree: string[] = [];
  for (const rec of tagged.stdout.split('\0')) {
    if (rec.length < 3) continue;
    const tag = rec[0]!;
    const path = rec.slice(2);
    if (tag === 'S' || tag === 's') skipWorktree.push(path);
    if (tag !== tag.toUpperCase()) assumeUnchanged.push(path);
  }
  return {
    entries,
    intentToAdd: intentToAdd.sort(),
    assumeUnchanged: [...new Set(assumeUnchanged)].sort(),
    skipWorktree: [...new Set(skipWorktree)].sort(),
  };
}

function describeSpecial(st: Awaited<ReturnType<typeof lstat>>): string | undefined {
  if (st.isFIFO()) return 'a fifo (named pipe), which git cannot store';
  if (st.isSocket()) return 'a socket, which git cannot store';
  if (st.isCharacterDevice()) return 'a character device, which git cannot store';
  if (st.isBlockDevice()) return 'a block device, which git cannot store';
  return undefined;
}

function errCode(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? String(e);
}

/**
 * Walks `worktree` with lstat (symlinks are not followed) and reads its index state's submodules.
 * Nothing is written.
 */
export async function scanWorktree(
  worktree: string,
  gitlinks: readonly string[],
  options: ScanOptions = {},
): Promise<WorktreeScan> {
  const ignoredList = await listIgnored(worktree, { directory: true });
  const ignoredFiles = new Set(ignoredList.filter((p) => !p.endsWith('/')));
  const ignoredDirs = new Set(ignoredList.filter((p) => p.endsWith('/')).map((p) => p.slice(0, -1)));
  const submodules = new Set(gitlinks);
  const skip = new Set(options.skip ?? []);
  const scan: WorktreeScan = {
    entries: [],
    ignored: { files: 0, bytes: 0, tops: new Map() },
    unsaveable: [],
    submodules: [...submodules].sort(),
  };

  const walk = async (rel: string, ignoredTop: string | undefined): Promise<void> => {
    const full = rel === '' ? worktree : join(worktree, rel);
    let names: Buffer[];
    try {
      names = await readdir(full, { encoding: 'buffer' });
    } catch (e) {
      scan.unsaveable.push({ path: rel, why: `a folder that cannot be read (${errCode(e)})` });
      return;
    }
    names.sort((a, b) => Buffer.compare(a, b));
    const text = names.map((n) => n.toString('utf8'));
    if (rel !== '' && text.includes('.git')) {
      scan.unsaveable.push({
        path: rel,
        why: 'a nested git repository that is not a submodule: its own history and .git cannot go into a backup',
      });
      return;
    }
    const st = await lstat(full);
    scan.entries.push({ path: rel, type: 'dir', mode: st.mode & 0o7777 });
    for (let i = 0; i < names.length; i++) {
      const name = text[i]!;
      const path = rel === '' ? name : `${rel}/${name}`;
      if (rel === '' && name === '.git') continue;
      if (submodules.has(path) || skip.has(path)) continue;
      if (!isUtf8(names[i]!)) {
        scan.unsaveable.push({
          path: `${rel === '' ? '' : `${rel}/`}${JSON.stringify(name).slice(1, -1)}`,
          why: 'a name that is not valid UTF-8',
        });
        continue;
      }
      const top =
        ignoredTop ?? (ignoredDirs.has(path) ? `${path}/` : ignoredFiles.has(path) ? path : undefined);
      if (top !== undefined && options.skipIgnored) {
        await countIgnored(join(worktree, path), top);
        continue;
      }
      const child = join(worktree, path);
      const cst = await lstat(child);
      const special = describeSpecial(cst);
      if (special) {
        scan.unsaveable.push({ path, why: special });
      } else if (cst.isDirectory()) {
        await walk(path, top);
      } else if (cst.isSymbolicLink()) {
        const target = await readlink(child, { encoding: 'buffer' });
        if (!isUtf8(target)) scan.unsaveable.push({ path, why: 'a symlink whose target is not valid UTF-8' });
        else scan.entries.push({ path, type: 'symlink', target: target.toString('utf8') });
      } else {
        try {
          await access(child, constants.R_OK);
        } catch (e) {
          scan.unsaveable.push({ path, why: `a file that cannot be read (${errCode(e)})` });
          continue;
        }
        const entry: ScanEntry = { path, type: 'file', mode: cst.mode & 0o7777, size: cst.size };
        if (options.hash) entry.oid = blobId(await readFile(child), options.hash);
        scan.entries.push(entry);
        if (top !== undefined) addIgnored(top, 1, cst.size);
      }
    }
  };

  const addIgnored = (top: string, files: number, bytes: number): void => {
    scan.ignored.files += files;
    scan.ignored.bytes += bytes;
    const t = scan.ignored.tops.get(top) ?? { files: 0, bytes: 0 };
    t.files += files;
    t.bytes += bytes;
    scan.ignored.tops.set(top, t);
  };
  const countIgnored = async (full: string, top: string): Promise<void> => {
    const st = await lstat(full).catch(() => undefined);
    if (!st) return;
    if (!st.isDirectory()) {
      addIgnored(top, 1, st.isFile() ? st.size : 0);
      return;
    }
    const names = await readdir(full).catch(() => [] as string[]);
    for (const n of names) await countIgnored(join(full, n), top);
  };

  await walk('', undefined);
  scan.entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return scan;
}
