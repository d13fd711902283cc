import { stat } from 'node:fs/promises';
import type { ProjectContext } from '../context.js';
import { GroveError } from '../../shared/errors.js';
import { checkoutTreeAsUncommitted } from '../../infra/git/commit-tree.js';
import { gitText } from '../../infra/git/exec.js';
import { resolveRefs } from '../../infra/git/refs.js';
import { addWorktree, listWorktrees } from '../../infra/git/worktree.js';
import { applyManifest, compareWithManifest } from './backup-apply.js';
import { formatBytes, readManifest } from './backup-manifest.js';
import { BACKUP_PREFIX, listBackups } from './backup.js';
import { initSubmodules } from './submodules.js';
import { assertTaskId, branchFor, worktreePathFor } from './naming.js';

export interface RestoreResult {
  backup: string;
  worktree: string;
  branch: string;
  /** The branch was recreated (it had been deleted) rather than found in place. */
  recreatedBranch: boolean;
  /**
   * `exact`: the backup holds the index, modes, symlinks, empty folders and ignored files, and the
   * result was checked against it. `tree-only`: a backup from before exact backups (files only; the
   * index is reset to the branch tip, modes are git's 644/755).
   */
  format: 'exact' | 'tree-only';
  /** What differs between the restored worktree and the backup; empty when it is exact. */
  differences: string[];
  /** What the backup said it did not keep (`clean --lose-ignored` / `--lose-unsaveable`). */
  notKept: string[];
  /** Files, folders and symlinks, and index entries, checked against the backup. */
  checked: { entries: number; indexEntries: number } | null;
  warnings: string[];
}

/**
 * Brings back a task's work saved by a forced `clean`: the newest backup (or `backupRef`) becomes a
 * worktree on `grove/<id>` at the saved branch tip with, exactly, the saved index (staged changes,
 * intent-to-add entries), files byte for byte with their modes, symlinks, empty folders and ignored
 * files; then the result is compared with the backup and every difference is returned. The backup ref
 * is kept.
 */
export async function restoreWorkspace(
  ctx: ProjectContext,
  id: string,
  backupRef?: string,
): Promise<RestoreResult> {
  assertTaskId(id);
  const repo = ctx.paths.mainRoot;
  const backups = await listBackups(ctx, id);
  const chosen = backupRef
    ? backups.find((b) => b.ref === backupRef || b.ref === `${BACKUP_PREFIX}${id}/${backupRef}`)
    : backups[backups.length - 1];
  if (!chosen) {
    throw new GroveError(
      'TASK_NOT_FOUND',
      backupRef ? `no backup ${backupRef} for task ${id}` : `no backup for task ${id}`,
      {
        hint: `backups are made by \`grove clean --force\`; list them with \`git for-each-ref ${BACKUP_PREFIX}\``,
      },
    );
  }
  const branch = branchFor(id);
  const path = ctx.store.get(id)?.worktree ?? worktreePathFor(repo, ctx.config, id);
  const revs = [`${chosen.oid}^1`, `${chosen.oid}^{tree}`, `refs/heads/${branch}`];
  const found = await resolveRefs(repo, revs);
  const head = found.get(revs[0]!);
  const tree = found.get(revs[1]!);
  const current = found.get(revs[2]!);
  if (head === undefined || tree === undefined)
    throw new GroveError('GIT_FAILED', `${chosen.ref} is not a grove backup commit`);
  if (current !== undefined && current !== head) {
    throw new GroveError(
      'WORKSPACE_CONFLICT',
      `branch ${branch} exists at another commit than the backup's`,
      {
        hint: `rename it (\`git branch -m ${branch} <other>\`) and run restore again`,
      },
    );
  }
  if ((await listWorktrees(repo)).some((w) => w.branch === `refs/heads/${branch}`)) {
    throw new GroveError('WORKSPACE_CONFLICT', `${branch} already has a worktree`, {
      hint: `run \`grove clean ${id}\` first`,
    });
  }
  if (
    await stat(path).then(
      () => true,
      () => false,
    )
  ) {
    throw new GroveError('WORKSPACE_CONFLICT', `${path} exists`, {
      hint: 'move it away and run restore again',
    });
  }
  await addWorktree(
    repo,
    path,
    current === undefined ? { newBranch: branch, startPoint: head } : { startPoint: branch },
  );
  const manifest = await readManifest(repo, chosen.oid);
  let differences: string[] = [];
  let checked: RestoreResult['checked'] = null;
  const warnings: string[] = [];
  if (manifest === undefined) {
    await checkoutTreeAsUncommitted(path, tree);
  } else {
    await gitText(path, ['read-tree', '-u', '--reset', tree]);
    await applyManifest(path, manifest);
    const sub = await initSubmodules(path);
    if (sub) warnings.push(sub);
    const result = await compareWithManifest(path, manifest);
    differences = result.differences;
    checked = { entries: result.files, indexEntries: result.indexEntries };
  }
  const notKept = manifest
    ? [
        ...manifest.lost.map((l) => `${l.path || '.'}: ${l.why}`),
        ...(manifest.ignored.kept || manifest.ignored.files === 0
          ? []
          : [`${manifest.ignored.files} ignored file(s), ${formatBytes(manifest.ignored.bytes)}`]),
      ]
    : [];
  if (ctx.store.get(id)) {
    ctx.store.patch(id, { worktree: path, branch });
    ctx.store.appendEvent(id, {
      type: 'workspace',
      data: {
        action: 'restored',
        backup: chosen.ref,
        worktree: path,
        branch,
      },
    });
  }
  return {
    backup: chosen.ref,
    worktree: path,
    branch,
    recreatedBranch: current === undefined,
    format: manifest ? 'exact' : 'tree-only',
    differences,
    notKept,
    checked,
    warnings,
  };
}
