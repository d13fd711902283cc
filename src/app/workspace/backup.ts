import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ProjectContext } from '../context.js';
import { GroveError } from '../../shared/errors.js';
import { commitTree } from '../../infra/git/commit-tree.js';
import { git, gitText } from '../../infra/git/exec.js';
import { listRefs, resolveRefs, updateRef } from '../../infra/git/refs.js';
import type { Manifest, ManifestEntry } from './backup-manifest.js';
import { formatBytes, MANIFEST_FILE } from './backup-manifest.js';
import type { WorktreeScan } from './backup-scan.js';
import { chunks, gitDirState, objectFormat, readIndexState, scanWorktree } from './backup-scan.js';

export const BACKUP_PREFIX = 'refs/grove/backup/';

/** Ignored files a backup keeps at most; more, and clean refuses unless `--lose-ignored`. */
export const IGNORED_MAX_FILES = 20_000;
export const IGNORED_MAX_BYTES = 64 * 1024 * 1024;

export interface Backup {
  ref: string;
  /**
   * A commit whose tree is the saved work (tracked and untracked files as git sees them) and whose
   * parents are the branch tip, the index (a commit of its tree, like `git stash`) and the exact files
   * (a commit holding every file's raw bytes and `manifest.json`: modes, symlinks, empty folders,
   * ignored files, index entries and flags). A backup without a worktree has the first parent only.
   */
  commit: string;
  /** The branch tip the work sat on. */
  head: string;
  /** What the backup does not hold because the caller said to lose it (`--lose-ignored`, `--lose-unsaveable`). */
  lost: string[];
}

export interface BackupOptions {
  /** Leave ignored files out of the backup instead of refusing when there are too many. */
  loseIgnored?: boolean;
  /** Leave out what cannot be saved (fifos, sockets, unreadable files, nested repositories) instead of refusing. */
  loseUnsaveable?: boolean;
}

export type BackupResult = { kind: 'saved'; backup: Backup } | { kind: 'refused'; reasons: string[] };

function listed(items: readonly string[], max = 10): string {
  const shown = items.slice(0, max).join('; ');
  return items.length > max ? `${shown}; and ${items.length - max} more` : shown;
}

/** Why a scanned worktree cannot be backed up exactly under `options`; empty when it can. */
export function refusals(scan: WorktreeScan, worktree: string, options: BackupOptions): string[] {
  const reasons: string[] = [];
  if (scan.unsaveable.length > 0 && !options.loseUnsaveable) {
    reasons.push(
      `cannot back up ${listed(scan.unsaveable.map((u) => `${u.path || '.'}: ${u.why}`))} (in ${worktree}); move ${scan.unsaveable.length === 1 ? 'it' : 'them'} away, or pass --lose-unsaveable to remove ${scan.unsaveable.length === 1 ? 'it' : 'them'} with the worktree`,
    );
  }
  const ig = scan.ignored;
  if (!options.loseIgnored && (ig.files > IGNORED_MAX_FILES || ig.bytes > IGNORED_MAX_BYTES)) {
    const tops = [...ig.tops.entries()]
      .sort((a, b) => b[1].bytes - a[1].bytes || b[1].files - a[1].files)
      .map(([path, t]) => `${path} (${t.files} file(s), ${formatBytes(t.bytes)})`);
    reasons.push(
      `${ig.files} ignored file(s), ${formatBytes(ig.bytes)}, are more than a backup keeps (${IGNORED_MAX_FILES} files or ${formatBytes(IGNORED_MAX_BYTES)}): ${listed(tops, 5)}; delete what you do not need, or pass --lose-ignored to remove the ignored files without a backup`,
    );
  }
  return reasons;
}

/** Writes a tree of `entries` through a throwaway index; the real index is not touched. */
async function treeOf(
  worktree: string,
  entries: ReadonlyArray<{ mode: string; oid: string; path: string }>,
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'grove-backup-'));
  try {
    const env = { GIT_INDEX_FILE: join(dir, 'index') };
    if (entries.length > 0) {
      const input = entries.map((e) => `${e.mode} ${e.oid}\t${e.path}\0`).join('');
      await git(worktree, ['update-index', '-z', '--index-info'], { input, env });
    }
    return await gitText(worktree, ['write-tree'], { env });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The worktree's content as git sees it (tracked changes and untracked files, not ignored ones) as a
 * tree, through a copy of the index (like `snapshotWorktree` in infra/git/snapshot.ts), leaving out
 * `exclude` (what the backup loses: `git add` would fail on a nested repository).
 */
async function snapshotWorktree(
  worktree: string,
  exclude: readonly string[],
): Promise<{ tree: string; head: string | undefined }> {
  const indexPath = resolve(worktree, await gitText(worktree, ['rev-parse', '--git-path', 'index']));
  const dir = await mkdtemp(join(tmpdir(), 'grove-backup-'));
  try {
    const env = { GIT_INDEX_FILE: join(dir, 'index') };
    await copyFile(indexPath, env.GIT_INDEX_FILE).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
    const excluded = exclude.filter((p) => p !== '').map((p) => `:(top,exclude,literal)${p}`);
    await git(worktree, ['add', '--all', '--', '.', ...excluded], { env });
    const tree = await gitText(worktree, ['write-tree'], { env });
    const head = await git(worktree, ['rev-parse', '-q', '--verify', 'HEAD^{commit}'], {
      okCodes: [0, 1, 128],
    });
    return { tree, head: head.code === 0 ? head.stdout.trim() : undefined };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Stores each file's bytes as they are on disk (no filters) and returns their blob ids in order. */
async function storeFiles(worktree: string, paths: readonly string[]): Promise<string[]> {
  const oids: string[] = [];
  for (const run of chunks(paths)) {
    const out = await gitText(worktree, ['hash-object', '-w', '--no-filters', '--', ...run]);
    oids.push(...out.split('\n'));
  }
  if (oids.length !== paths.length)
    throw new GroveError('GIT_FAILED', `git hash-object stored ${oids.length} of ${paths.length} files`);
  return oids;
}

/**
 * Saves a task's work before a forced removal, exactly: the index, every file's bytes and mode,
 * symlinks, empty folders and ignored files (see `Backup.commit`), at `refs/grove/backup/<id>/<timestamp>`.
 * Refuses (and says what and why) when something cannot be saved, unless `options` says to lose it.
 * Neither the index nor any file of the worktree is changed. Without a worktree, the branch tip itself is
 * saved.
 */
export async function backupWorkspace(
  ctx: Pick<ProjectContext, 'paths' | 'now'>,
  id: string,
  where: { branch: string; worktree: string | undefined; base: string },
  options: BackupOptions = {},
): Promise<BackupResult> {
  const repo = ctx.paths.mainRoot;
  let tree: string;
  let head: string;
  const parents: string[] = [];
  const lost: string[] = [];
  if (where.worktree !== undefined) {
    const wt = where.worktree;
    const index = await readIndexState(wt);
    const gitlinks = [...new Set(index.entries.filter((e) => e.mode === '160000').map((e) => e.path))];
    const scan = await scanWorktree(wt, gitlinks, { skipIgnored: options.loseIgnored === true });
    const state = await gitDirState(wt);
    const reasons = refusals(scan, wt, options);
    if (state.inProgress.length > 0 && !options.loseUnsaveable)
      reasons.push(
        ...state.inProgress.map((r) => `${r}; or pass --lose-unsaveable to remove it with the worktree`),
      );
    if (reasons.length > 0) return { kind: 'refused', reasons };
    lost.push(...state.inProgress);
    for (const u of scan.unsaveable) lost.push(`${u.path || '.'}: ${u.why}`);
    if (options.loseIgnored && scan.ignored.files > 0)
      lost.push(`${scan.ignored.files} ignored file(s), ${formatBytes(scan.ignored.bytes)} (--lose-ignored)`);

    const snap = await snapshotWorktree(
      wt,
      scan.unsaveable.map((u) => u.path),
    );
    if (snap.head === undefined) throw new GroveError('GIT_FAILED', `${wt} has no commit to back up onto`);
    tree = snap.tree;
    head = snap.head;

    const files = scan.entries.filter((e) => e.type === 'file');
    const oids = await storeFiles(
      wt,
      files.map((f) => f.path),
    );
    const entries: ManifestEntry[] = [];
    let n = 0;
    for (const e of scan.entries) {
      if (e.type === 'file')
        entries.push({ path: e.path, type: 'file', mode: e.mode, size: e.size, oid: oids[n++]! });
      else entries.push(e);
    }
    const manifest: Manifest = {
      grove: 'backup',
      format: 2,
      objectFormat: await objectFormat(wt),
      head,
      index,
      entries,
      submodules: scan.submodules,
      lost: scan.unsaveable,
      ignored: { kept: !options.loseIgnored, files: scan.ignored.files, bytes: scan.ignored.bytes },
      ...(state.merge ? { merge: state.merge } : {}),
    };
    // The commits a merge in progress merges: parents of the files commit, so gc keeps them.
    const mergeHeads = (state.merge?.MERGE_HEAD ?? '').split('\n').filter((l) => /^[0-9a-f]{40,64}$/.test(l));
    const ita = new Set(index.intentToAdd);
    const indexTree = await treeOf(
      wt,
      index.entries.filter((e) => e.stage === 0 && !ita.has(e.path)),
    );
    const indexCommit = await commitTree(repo, indexTree, [head], `index of task ${id} (grove backup)\n`);
    const manifestOid = await gitText(wt, ['hash-object', '-w', '--no-filters', '--stdin'], {
      input: JSON.stringify(manifest),
    });
    const filesTree = await treeOf(wt, [
      { mode: '100644', oid: manifestOid, path: MANIFEST_FILE },
      // Every file's raw bytes, so that no blob the manifest names is unreachable (and pruned by gc).
      ...files.map((f, i) => ({
        mode: f.mode & 0o111 ? '100755' : '100644',
        oid: oids[i]!,
        path: `raw/${f.path}`,
      })),
      // Conflict stages the index holds (stage 0 is in the index commit).
      ...index.entries
        .filter((e) => e.stage > 0 && e.mode !== '160000')
        .map((e) => ({ mode: e.mode, oid: e.oid, path: `stages/${e.stage}/${e.path}` })),
    ]);
    const filesCommit = await commitTree(
      repo,
      filesTree,
      mergeHeads,
      `exact files of task ${id} (grove backup)\n`,
    );
    parents.push(head, indexCommit, filesCommit);
  } else {
    const revs = [`refs/heads/${where.branch}^{commit}`, `refs/heads/${where.branch}^{tree}`];
    const found = await resolveRefs(repo, revs);
    const tip = found.get(revs[0]!);
    if (tip === undefined)
      throw new GroveError('GIT_FAILED', `branch ${where.branch} does not exist: nothing to back up`);
    head = tip;
    tree = found.get(revs[1]!)!;
    parents.push(head);
  }
  const message = [
    `grove backup of task ${id}`,
    '',
    `branch: ${where.branch}`,
    `worktree: ${where.worktree ?? '(none)'}`,
    `base: ${where.base}`,
    `format: ${parents.length > 1 ? 2 : 1}`,
    ...(lost.length > 0 ? ['', 'not kept:', ...lost.map((l) => `  ${l}`)] : []),
    '',
  ].join('\n');
  const commit = await commitTree(repo, tree, parents, message);
  const stamp = new Date(ctx.now()).toISOString().replace(/[:.]/g, '-');
  for (let n = 0; n < 100; n++) {
    const ref = `${BACKUP_PREFIX}${id}/${stamp}${n === 0 ? '' : `-${n}`}`;
    const result = await updateRef(repo, ref, commit, undefined, `grove backup of ${id}`);
    if (result.kind === 'updated') return { kind: 'saved', backup: { ref, commit, head, lost } };
  }
  throw new GroveError('INTERNAL', `could not name a backup ref for ${id}`);
}

/** Backups of a task, oldest first. */
export async function listBackups(
  ctx: Pick<ProjectContext, 'paths'>,
  id: string,
): Promise<Array<{ ref: string; oid: string }>> {
  return listRefs(ctx.paths.mainRoot, `${BACKUP_PREFIX}${id}/`);
}
