// Puts a worktree back exactly as an exact backup's manifest describes it (files byte for byte, modes,
// symlinks, empty folders, ignored files, the index entry by entry), and checks the result against it.
import { chmod, mkdir, mkdtemp, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { git, gitText } from '../../infra/git/exec.js';
import type { Manifest, ManifestEntry } from './backup-manifest.js';
import type { IndexEntry, ScanEntry } from './backup-scan.js';
import { blobId, chunks, gitDirOf, MERGE_FILES, readIndexState, scanWorktree } from './backup-scan.js';

function byPath<T extends { path: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((i) => [i.path, i]));
}

function under(path: string, dir: string): boolean {
  return dir === '' || path.startsWith(`${dir}/`);
}

async function scanAsRestored(
  worktree: string,
  manifest: Manifest,
): Promise<Awaited<ReturnType<typeof scanWorktree>>> {
  return scanWorktree(worktree, manifest.submodules, {
    hash: manifest.objectFormat,
    skip: manifest.lost.map((l) => l.path),
  });
}

/** Writes `oids` to `paths` (relative to `worktree`) with git's bytes, unfiltered; existing files replaced. */
async function writeBlobs(
  worktree: string,
  files: ReadonlyArray<{ path: string; oid: string }>,
  algo: Manifest['objectFormat'],
): Promise<void> {
  if (files.length === 0) return;
  // Fast path: one checkout-index for all of them through a throwaway index.
  const dir = await mkdtemp(join(tmpdir(), 'grove-restore-'));
  try {
    const env = { GIT_INDEX_FILE: join(dir, 'index') };
    const input = files.map((f) => `100644 ${f.oid}\t${f.path}\0`).join('');
    await git(worktree, ['update-index', '-z', '--index-info'], { input, env });
    await git(worktree, ['checkout-index', '-f', '-a'], { env });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  // checkout-index applies the worktree's filters (eol, smudge): whatever came out different is written
  // again from the raw blob (`git unpack-file` writes the object's bytes unchanged at the top level).
  for (const f of files) {
    const full = join(worktree, f.path);
    const bytes = await readFile(full).catch(() => undefined);
    if (bytes !== undefined && blobId(bytes, algo) === f.oid) continue;
    const temp = await gitText(worktree, ['unpack-file', f.oid]);
    await rm(full, { recursive: true, force: true });
    await rename(join(worktree, temp), full);
  }
}

/** Makes the index hold exactly `manifest.index`: entries with their stages, intent-to-add, flags. */
async function writeIndex(worktree: string, manifest: Manifest): Promise<void> {
  const { index } = manifest;
  const ita = new Set(index.intentToAdd);
  await git(worktree, ['read-tree', '--empty']);
  const entries = index.entries.filter((e) => !(e.stage === 0 && ita.has(e.path)));
  if (entries.length > 0) {
    const input = entries.map((e) => `${e.mode} ${e.oid} ${e.stage}\t${e.path}\0`).join('');
    await git(worktree, ['update-index', '-z', '--index-info'], { input });
  }
  const onDisk = new Set(manifest.entries.map((e) => e.path));
  for (const run of chunks(index.intentToAdd.filter((p) => onDisk.has(p))))
    await git(worktree, ['add', '--intent-to-add', '--force', '--', ...run]);
  for (const run of chunks(index.assumeUnchanged))
    await git(worktree, ['update-index', '--assume-unchanged', '--', ...run]);
  for (const run of chunks(index.skipWorktree))
    await git(worktree, ['update-index', '--skip-worktree', '--', ...run]);
  await git(worktree, ['update-index', '-q', '--refresh'], { okCodes: [0, 1] });
}

/**
 * Makes `worktree` (a fresh worktree at the backup's head, its files already those of the backup tree)
 * what the manifest says: writes every file whose bytes differ, symlinks, empty folders, removes what the
 * backup did not have (the worktree is new: nothing there is the user's), sets every mode, then the index.
 */
export async function applyManifest(worktree: string, manifest: Manifest): Promise<void> {
  const want = byPath(manifest.entries);
  const now = await scanAsRestored(worktree, manifest);
  const have = byPath<ScanEntry>(now.entries);

  // 1. What is there and should not be (or is of another kind).
  const removed: string[] = [];
  for (const e of [
    ...now.entries,
    ...now.unsaveable.map((u) => ({ path: u.path, type: 'other' as const })),
  ]) {
    if (e.path === '' || removed.some((r) => under(e.path, r))) continue;
    const w = want.get(e.path);
    if (w === undefined || w.type !== e.type) {
      await rm(join(worktree, e.path), { recursive: true, force: true });
      removed.push(e.path);
      have.delete(e.path);
    }
  }
  for (const path of [...have.keys()]) if (removed.some((r) => under(path, r))) have.delete(path);

  // 2. Folders, symlinks, files.
  const toWrite: Array<{ path: string; oid: string }> = [];
  for (const w of manifest.entries) {
    const h = have.get(w.path);
    const full = join(worktree, w.path);
    if (w.type === 'dir') {
      if (!h) await mkdir(full, { recursive: true });
    } else if (w.type === 'symlink') {
      if (h?.type === 'symlink' && h.target === w.target) continue;
      await rm(full, { recursive: true, force: true });
      await symlink(w.target, full);
    } else if (!(h?.type === 'file' && h.oid === w.oid)) {
      toWrite.push({ path: w.path, oid: w.oid });
    }
  }
  await writeBlobs(worktree, toWrite, manifest.objectFormat);

  // 3. Modes: files, then folders deepest first (a read-only folder last of all its contents).
  for (const w of manifest.entries) if (w.type === 'file') await chmod(join(worktree, w.path), w.mode);
  const dirs = manifest.entries.filter((e) => e.type === 'dir').reverse();
  for (const d of dirs) await chmod(d.path === '' ? worktree : join(worktree, d.path), d.mode);

  // 4. The index, and a merge in progress.
  await writeIndex(worktree, manifest);
  if (manifest.merge) {
    const dir = await gitDirOf(worktree);
    for (const [name, text] of Object.entries(manifest.merge)) await writeFile(join(dir, name), text);
  }
}

function describe(e: ManifestEntry | ScanEntry): string {
  if (e.type === 'dir') return `folder ${e.mode.toString(8).padStart(4, '0')}`;
  if (e.type === 'symlink') return `symlink to ${e.target}`;
  return `file ${e.mode.toString(8).padStart(4, '0')}`;
}

function indexLine(e: IndexEntry): string {
  return `${e.mode} ${e.oid} ${e.stage}\t${e.path}`;
}

function setDiff(label: string, want: readonly string[], have: readonly string[]): string[] {
  const w = new Set(want);
  const h = new Set(have);
  return [
    ...[...w].filter((x) => !h.has(x)).map((x) => `${label}: ${x} is missing`),
    ...[...h].filter((x) => !w.has(x)).map((x) => `${label}: ${x} is not in the backup`),
  ];
}

/**
 * What differs between `worktree` and the manifest: each file, folder and symlink (kind, mode, bytes,
 * target) and the index (entries with stages, intent-to-add, flags). Empty when it is exact.
 */
export async function compareWithManifest(
  worktree: string,
  manifest: Manifest,
): Promise<{ differences: string[]; files: number; indexEntries: number }> {
  const now = await scanAsRestored(worktree, manifest);
  const have = byPath<ScanEntry>(now.entries);
  const want = byPath(manifest.entries);
  const differences: string[] = [];
  for (const u of now.unsaveable) differences.push(`${u.path}: ${u.why}, not in the backup`);
  for (const w of manifest.entries) {
    const h = have.get(w.path);
    const name = w.path === '' ? '(worktree folder)' : w.path;
    if (!h) differences.push(`${name}: missing (the backup has a ${describe(w)})`);
    else if (h.type !== w.type || (w.type !== 'symlink' && h.type !== 'symlink' && h.mode !== w.mode))
      differences.push(`${name}: is a ${describe(h)}, the backup has a ${describe(w)}`);
    else if (w.type === 'symlink' && h.type === 'symlink' && h.target !== w.target)
      differences.push(`${name}: is a ${describe(h)}, the backup has a ${describe(w)}`);
    else if (w.type === 'file' && h.type === 'file' && h.oid !== w.oid)
      differences.push(
        `${name}: its bytes differ from the backup's (${h.size} bytes, the backup has ${w.size})`,
      );
  }
  for (const h of now.entries)
    if (!want.has(h.path)) differences.push(`${h.path}: a ${describe(h)} that is not in the backup`);
  const index = await readIndexState(worktree);
  differences.push(
    ...setDiff('index entry', manifest.index.entries.map(indexLine), index.entries.map(indexLine)),
    ...setDiff('intent-to-add', manifest.index.intentToAdd, index.intentToAdd),
    ...setDiff('assume-unchanged', manifest.index.assumeUnchanged, index.assumeUnchanged),
    ...setDiff('skip-worktree', manifest.index.skipWorktree, index.skipWorktree),
  );
  const dir = await gitDirOf(worktree);
  for (const name of MERGE_FILES) {
    const want = manifest.merge?.[name];
    const have = await readFile(join(dir, name), 'utf8').catch(() => undefined);
    if (want !== have)
      differences.push(
        want === undefined
          ? `${name}: there, but the backup has no merge in progress`
          : `${name}: not as backed up`,
      );
  }
  return { differences, files: manifest.entries.length, indexEntries: manifest.index.entries.length };
}
