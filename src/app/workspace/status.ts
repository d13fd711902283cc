import { stat } from 'node:fs/promises';
import type { ProjectContext } from '../context.js';
import type { TaskState } from '../../shared/task-state.js';
import { NEEDS_PERSON_STATES } from '../../shared/task-state.js';
import { openJournalReader } from '../dashboard/journal-reader.js';
import { mapLimit } from '../../infra/fs/pool.js';
import type { DiffStat } from '../../infra/git/status.js';
import { aheadBehind, diffStatVsBase, worktreeStatus } from '../../infra/git/status.js';
import { resolveBase } from './base.js';
import { recordedViolations } from '../run/scope-watch.js';
import { currentCheckoutHold } from '../queue/checkout-hold.js';
import { currentBaseHold } from '../queue/base-guard.js';
import { waitingForReview } from '../review/review-view.js';
import { planApprovalNotice } from '../plan-approval/notice.js';
import type { TaskSpendStatus } from '../run/spend-status.js';
import { spendNotices, taskSpendStatus } from '../run/spend-status.js';

/** Lines about the whole project that `grove status` prints under the table (integration held, …). */
export function statusNotices(ctx: ProjectContext, ids?: readonly string[]): string[] {
  const holds = [currentBaseHold(ctx.stores.journal), currentCheckoutHold(ctx.stores.journal)];
  const waiting = waitingForReview(ctx);
  const review =
    waiting.length === 0
      ? []
      : [
          `${waiting.length} task(s) wait for your review (${waiting.map((w) => w.id).join(', ')}): grove review`,
        ];
  const plan = planApprovalNotice(ctx);
  return [
    ...holds.flatMap((h) => (h ? [h.message] : [])),
    ...(plan ? [plan] : []),
    ...review,
    ...spendNotices(ctx, ids),
  ];
}

export interface WorkspaceStatus {
  id: string;
  title: string;
  /** From the state store; `planned` for a task file not loaded into it yet. */
  state: TaskState;
  branch: string | null;
  worktree: string | null;
  /** Whether the worktree folder is on disk. */
  present: boolean;
  /** The folder is there but git cannot read it as a worktree (its `.git` file deleted, …). */
  problem: string | null;
  ahead: number | null;
  behind: number | null;
  /** Against the merge base, uncommitted and untracked work included. */
  diff: DiffStat | null;
  dirty: boolean;
  untracked: number;
  /** Time (ms) of the task's newest journal event. */
  lastActivity: number | null;
  port: number | null;
  /** Files the agent touched outside the task's `owns` (recorded by the run loop's ownership watch). */
  scopeViolations: string[];
  /** Why the task waits for a person (the cause of its move into blocked, conflict, failed, paused). */
  reason: string | null;
  /** Its budget (file, role or default), tokens and cost so far, and for a running task its forecast. */
  spend: TaskSpendStatus | null;
}

/**
 * State and git facts of every task (or `ids`): one row each, the git work done concurrently per
 * worktree (status, ahead/behind, diff stat), bounded.
 */
export async function collectStatus(
  ctx: ProjectContext,
  ids?: readonly string[],
): Promise<WorkspaceStatus[]> {
  const rows = new Map(ctx.store.list().map((r) => [r.id, r]));
  const all = [...new Set([...ctx.tasks.map((t) => t.id), ...rows.keys()])].sort();
  const wanted = ids ? all.filter((id) => ids.includes(id)) : all;
  const base = wanted.some((id) => rows.get(id)?.worktree)
    ? await resolveBase(ctx).catch(() => undefined)
    : undefined;
  const journal = openJournalReader(ctx.db);
  const stores = ctx.stores;
  const spend = taskSpendStatus(ctx);
  return mapLimit(wanted, 6, async (id): Promise<WorkspaceStatus> => {
    const row = rows.get(id);
    const title = row?.title ?? ctx.tasks.find((t) => t.id === id)?.title ?? id;
    const last = journal.forTask(id, 1)[0];
    const out: WorkspaceStatus = {
      id,
      title,
      state: row?.state ?? 'planned',
      branch: row?.branch ?? null,
      worktree: row?.worktree ?? null,
      present: false,
      problem: null,
      ahead: null,
      behind: null,
      diff: null,
      dirty: false,
      untracked: 0,
      lastActivity: last?.at ?? row?.updated_at ?? null,
      port: row?.port ?? null,
      scopeViolations: recordedViolations(stores, id),
      reason:
        row && NEEDS_PERSON_STATES.includes(row.state)
          ? (stores.tasks.stateHistory(id).at(-1)?.cause ?? null)
          : null,
      spend: spend.get(id) ?? null,
    };
    if (!row?.worktree || !row.branch) return out;
    out.present = await stat(row.worktree).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (!out.present || !base) return out;
    const baseName = row.base ?? base.name;
    const [st, ab] = await Promise.all([
      worktreeStatus(row.worktree).catch((e: unknown) => {
        out.problem = `not a git worktree: ${(e as Error).message.split('\n')[0] ?? ''}`;
        return undefined;
      }),
      aheadBehind(ctx.paths.mainRoot, baseName, row.branch).catch(() => undefined),
    ]);
    if (!st) return out;
    out.dirty = st.dirty;
    out.untracked = st.untracked;
    out.ahead = ab?.ahead ?? null;
    out.behind = ab?.behind ?? null;
    out.diff = await diffStatVsBase(row.worktree, baseName, {
      uncommitted: st.dirty || st.untracked > 0,
    }).catch(() => null);
    return out;
  });
}
