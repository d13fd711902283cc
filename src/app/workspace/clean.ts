import type { IntegrationCleanup } from '../queue/integration-cleanup.js';
import { removeIntegrationWorktrees } from '../queue/integration-cleanup.js';
import { resolve } from 'node:path';
import type { ProjectContext } from '../context.js';
import { ACTIVE_STATES } from '../../shared/task-state.js';
import { listBranches } from '../../infra/git/branch.js';
import type { IntegrationReason } from '../../infra/git/integrated.js';
import { isIntegrated } from '../../infra/git/integrated.js';
import { deleteRef } from '../../infra/git/refs.js';
import { aheadBehind, worktreeStatus } from '../../infra/git/status.js';
import { listWorktrees, pruneWorktrees, removeWorktree } from '../../infra/git/worktree.js';
import { backupWorkspace } from './backup.js';
import type { BestOfRefsSettled } from './clean-best-of.js';
import { bestOfBackupOf, settleBestOfRefs } from './clean-best-of.js';
import { resolveBase } from './base.js';
import { assertTaskId, branchFor } from './naming.js';
import { changedSubmodules } from './submodules.js';

export interface CleanOptions {
  /** Only these tasks (any state of integration); default every task with a grove branch or worktree. */
  ids?: readonly string[];
  /** Consider every task, not only integrated ones (unintegrated and dirty ones are still kept without force). */
  all?: boolean;
  /** Remove dirty or unintegrated work too, after saving it to refs/grove/backup/<id>/<timestamp>. */
  force?: boolean;
  /** With `force`: leave ignored files out of the backup (else too many of them keep the worktree). */
  loseIgnored?: boolean;
  /** With `force`: leave out what cannot be backed up (fifos, sockets, unreadable files, nested repositories). */
  loseUnsaveable?: boolean;
}

export type CleanOutcome =
  | {
      kind: 'removed';
      id: string;
      /** Integrated (and how), or a best-of attempt given up whose tip grove keeps as `savedAs`. */
      reason: IntegrationReason | 'best-of';
      savedAs?: string;
      worktree: string | undefined;
      branch: string | undefined;
    }
  | {
      kind: 'backed-up';
      id: string;
      backup: string;
      /** What the backup does not hold because --lose-ignored / --lose-unsaveable said so. */
      lost: string[];
      worktree: string | undefined;
      branch: string | undefined;
    }
  | { kind: 'kept'; id: string; reasons: string[] }
  | { kind: 'nothing'; id: string };

export interface CleanReport {
  /** What `git worktree prune` removed (metadata of folders that are gone). */
  pruned: string[];
  outcomes: CleanOutcome[];
  /** The queue's integration worktrees removed (grove's own scratch checkouts), or who holds them. */
  integration: IntegrationCleanup;
  /** Best-of groups whose cycle is over (one attempt landed, none has a worktree or branch left): their
   * backup refs, removed with `force`. */
  bestOfRefs: BestOfRefsSettled[];
}

/**
 * Removes the worktrees and branches of integrated tasks (ancestor, same tree, merge adds nothing, or
 * squash patch-id). Work that is uncommitted or not integrated is kept and the reason given, unless
 * `force` — and then it is first saved, exactly (index, modes, symlinks, empty folders, ignored files),
 * to a backup ref that `grove restore` brings back. What a backup cannot hold (a fifo, an unreadable
 * file, a nested repository, too many ignored files) keeps the worktree, named with the reason, unless
 * `loseUnsaveable` / `loseIgnored`. Never deletes work silently.
 */
export async function cleanWorkspaces(ctx: ProjectContext, options: CleanOptions = {}): Promise<CleanReport> {
  for (const id of options.ids ?? []) assertTaskId(id);
  const repo = ctx.paths.mainRoot;
  const pruned = await pruneWorktrees(repo);
  const [base, worktrees, branches] = await Promise.all([
    resolveBase(ctx),
    listWorktrees(repo),
    listBranches(repo, 'grove/'),
  ]);
  const rows = new Map(ctx.store.list().map((r) => [r.id, r]));
  const candidates = options.ids
    ? [...options.ids]
    : [
        ...new Set([
          ...[...branches.keys()].map((b) => b.slice('grove/'.length)),
          ...[...rows.values()].filter((r) => r.worktree !== null).map((r) => r.id),
        ]),
      ].sort();
  const onlyIntegrated = options.ids === undefined && !options.all;

  const outcomes: CleanOutcome[] = [];
  for (const id of candidates) {
    const row = rows.get(id);
    const branch = row?.branch ?? branchFor(id);
    const branchOid = branches.get(branch);
    // By branch, or by the folder grove made: a worktree mid-rebase (or checked out at a commit) has a
    // detached HEAD and is still the task's.
    const wt =
      worktrees.find((w) => w.branch === `refs/heads/${branch}`) ??
      (row?.worktree ? worktrees.find((w) => resolve(w.path) === resolve(row.worktree!)) : undefined);
    if (branchOid === undefined && wt === undefined) {
      if (row?.worktree) ctx.store.patch(id, { worktree: null });
      outcomes.push({ kind: 'nothing', id });
      continue;
    }
    if (row && ACTIVE_STATES.includes(row.state)) {
      outcomes.push({
        kind: 'kept',
        id,
        reasons: [`an agent is working on it (state ${row.state}): stop it first`],
      });
      continue;
    }
    if (wt && resolve(wt.path) === resolve(repo)) {
      outcomes.push({ kind: 'kept', id, reasons: [`${branch} is checked out in the main checkout`] });
      continue;
    }
    const reasons: string[] = [];
    if (wt) {
      const st = await worktreeStatus(wt.path);
      if (st.dirty || st.untracked > 0) {
        const changed = st.entries.filter((e) => e.kind !== 'untracked' && e.kind !== 'ignored').length;
        reasons.push(`uncommitted work in ${wt.path} (${changed} changed, ${st.untracked} untracked)`);
      }
    }
    const inSubmodules = wt ? await changedSubmodules(wt.path) : [];
    if (inSubmodules.length > 0) {
      const why = `files changed inside submodule(s) ${inSubmodules.join(', ')}, which a backup cannot hold: commit them there, or remove the worktree yourself (\`git worktree remove --force ${wt!.path}\`)`;
      outcomes.push({ kind: 'kept', id, reasons: [why] });
      continue;
    }
    const integration = branchOid ? await isIntegrated(repo, branchOid, base.name) : undefined;
    const savedAs = integration?.kind === 'integrated' ? undefined : await bestOfBackupOf(ctx, id, branchOid);
    if (integration?.kind !== 'integrated' && savedAs === undefined) {
      if (onlyIntegrated) {
        outcomes.push({ kind: 'kept', id, reasons: [`not integrated into ${base.name}`, ...reasons] });
        continue;
      }
      const ab = branchOid ? await aheadBehind(repo, base.name, branchOid) : undefined;
      reasons.push(`${ab?.ahead ?? '?'} commit(s) on ${branch} not integrated into ${base.name}`);
    }

    if (reasons.length > 0 && !options.force) {
      outcomes.push({ kind: 'kept', id, reasons: [...reasons, 'pass --force to remove it after a backup'] });
      continue;
    }
    let backup: string | undefined;
    let lost: string[] = [];
    if (reasons.length > 0) {
      const saved = await backupWorkspace(
        ctx,
        id,
        { branch, worktree: wt?.path, base: row?.base ?? base.name },
        { loseIgnored: options.loseIgnored, loseUnsaveable: options.loseUnsaveable },
      ).catch((e: unknown) => ({
        kind: 'refused' as const,
        reasons: [`the backup failed, so nothing was removed: ${(e as Error).message}`],
      }));
      if (saved.kind === 'refused') {
        outcomes.push({ kind: 'kept', id, reasons: [...reasons, ...saved.reasons] });
        continue;
      }
      backup = saved.backup.ref;
      lost = saved.backup.lost;
    }
    if (wt) await removeWorktree(repo, wt.path, { force: backup !== undefined });
    if (branchOid) await deleteRef(repo, `refs/heads/${branch}`, branchOid);
    if (row) {
      ctx.store.patch(id, { worktree: null });
      if (row.state === 'merged')
        ctx.store.transition(id, 'cleaned', 'workspace cleaned', { expectFrom: ['merged'] });
      ctx.store.appendEvent(id, {
        type: 'workspace',
        data: {
          action: 'cleaned',
          worktree: wt?.path ?? null,
          branch,
          backup: backup ?? null,
        },
      });
    }
    outcomes.push(
      backup !== undefined
        ? { kind: 'backed-up', id, backup, lost, worktree: wt?.path, branch: branchOid ? branch : undefined }
        : {
            kind: 'removed',
            id,
            reason:
              integration?.kind === 'integrated' ? integration.reason : savedAs ? 'best-of' : 'ancestor',
            ...(savedAs ? { savedAs } : {}),
            worktree: wt?.path,
            branch: branchOid ? branch : undefined,
          },
    );
  }
  // The queue's scratch checkouts go on every clean (unless a running queue uses them).
  const integration = await removeIntegrationWorktrees(ctx);
  const bestOfRefs = options.ids === undefined ? await settleBestOfRefs(ctx, options.force === true) : [];
  return { pruned, outcomes, integration, bestOfRefs };
}
