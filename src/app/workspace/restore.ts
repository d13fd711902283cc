import { stat } from 'node:fs/promises';
import type { ProjectContext } from '../context.js';
import { GroveError } from '../../shared/errors.js';
import { checkoutTreeAsUncommitted } from '../../infra/git/commit-tree.js';
import { resolveRefs } from '../../infra/git/refs.js';
import { addWorktree, listWorktrees } from '../../infra/git/worktree.js';
import { BACKUP_PREFIX, listBackups } from './backup.js';
import { assertTaskId, branchFor, worktreePathFor } from './naming.js';

export interface RestoreResult {
  backup: string;
  worktree: string;
  branch: string;
  /** The branch was recreated (it had been deleted) rather than found in place. */
  recreatedBranch: boolean;
}

/**
 * Brings back a task's work saved by a forced `clean`: the newest backup (or `backupRef`) becomes a
 * worktree on `grove/<id>` at the saved branch tip with the saved uncommitted and untracked files,
 * byte for byte. The backup ref is kept.
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
  await checkoutTreeAsUncommitted(path, tree);
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
  return { backup: chosen.ref, worktree: path, branch, recreatedBranch: current === undefined };
}
