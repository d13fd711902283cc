// The cycle report from the stores: what the run loop records (state history, attempts, usage, gate runs)
// plus the merge queue's test runs, the scope violations and the learning proposals. Every figure comes
// from a stored row; `grove report`, `grove run`'s closing report and the dashboard read the same thing.
import type { CycleReport, ReportInput, ReportQueueRun } from '../../core/report/index.js';
import { buildCycleReport } from '../../core/report/index.js';
import type { Stores } from '../../infra/db/stores.js';
import { GroveError } from '../../shared/errors.js';
import { gatherProposals } from '../compound/gather.js';
import type { ProjectContext } from '../context.js';
import { reportInputFromStores } from '../run/report-input.js';

export interface CycleReportOptions {
  /** Only the tasks of this cycle (default: the latest cycle). */
  cycle?: number;
  /** Only these tasks (default: every task of the cycle). */
  tasks?: readonly string[];
}

/** The highest cycle any task belongs to (1 for a fresh project). */
export function latestCycle(stores: Stores): number {
  return stores.tasks.list().reduce((max, t) => Math.max(max, t.cycle), 1);
}

/** The task ids a report covers; an unknown task id or an empty cycle is a clear error. */
export function selectTasks(stores: Stores, opts: CycleReportOptions): { cycle: number; ids: string[] } {
  const all = stores.tasks.list();
  const cycle = opts.cycle ?? latestCycle(stores);
  for (const id of opts.tasks ?? []) {
    if (!all.some((t) => t.id === id))
      throw new GroveError('USAGE', `no task ${id} in the state database`, {
        hint: 'list the tasks with `grove status`',
      });
  }
  const ids = all
    .filter((t) => t.cycle === cycle && (!opts.tasks?.length || opts.tasks.includes(t.id)))
    .map((t) => t.id);
  if (opts.cycle !== undefined && ids.length === 0)
    throw new GroveError('USAGE', `no tasks in cycle ${opts.cycle}`, {
      hint: `the latest cycle is ${latestCycle(stores)}; leave out --cycle for it`,
    });
  return { cycle, ids };
}

/** Merge-queue candidate test runs that involve at least one of the tasks. */
function queueRuns(ctx: ProjectContext, ids: ReadonlySet<string>): ReportQueueRun[] {
  return ctx.stores.queue.rounds().flatMap((round) =>
    round.candidates
      .filter((c) => (c.outcome === 'pass' || c.outcome === 'fail') && c.tasks.some((t) => ids.has(t)))
      .map((c) => ({
        at: round.at,
        durationMs: round.durationMs,
        tasks: c.tasks,
        ok: c.outcome === 'pass',
      })),
  );
}

/** Paths each task changed outside its owns (the run loop journals them as `scope` events). */
function scopeViolations(stores: Stores, taskId: string): string[] {
  const paths = stores.journal
    .forTask(taskId, ['scope'])
    .flatMap((r) => (r.data as { paths?: unknown }).paths ?? [])
    .filter((p): p is string => typeof p === 'string');
  return [...new Set(paths)].sort();
}

/** The report's input, read from the stores (no proposals are gathered here). */
export function cycleReportInput(ctx: ProjectContext, opts: CycleReportOptions = {}): ReportInput {
  const stores = ctx.stores;
  const { cycle, ids } = selectTasks(stores, opts);
  const selected = new Set(ids);
  const base = reportInputFromStores(stores, ctx.now(), ids);
  const learnings = ctx.stores.learnings
    .list()
    .filter((l) => l.evidence.some((e) => selected.has(e.task)))
    .map((l) => ({ id: l.id, status: l.status }));
  return {
    ...base,
    cycle,
    tasks: base.tasks.map((t) => {
      const outside = scopeViolations(stores, t.id);
      return outside.length > 0 ? { ...t, scopeViolations: outside } : t;
    }),
    queueRuns: queueRuns(ctx, selected),
    learnings,
  };
}

/**
 * The cycle report over what the stores hold now. Gathers the learning proposals first (idempotent) so
 * the Learnings line counts this cycle's lessons.
 */
export async function loadCycleReport(
  ctx: ProjectContext,
  opts: CycleReportOptions = {},
): Promise<CycleReport> {
  await gatherProposals(ctx);
  return buildCycleReport(cycleReportInput(ctx, opts));
}
