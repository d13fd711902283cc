// The cycle report of a project: the one report-input builder (report-input.ts) over the project's
// stores. `grove report`, `grove run`'s closing report, the demo and the dashboard read the same thing.
import type { CycleReport, ReportInput } from '../../core/report/index.js';
import { buildCycleReport } from '../../core/report/index.js';
import type { Db } from '../../infra/db/open.js';
import { storesFor } from '../context.js';
import { gatherProposals } from '../compound/gather.js';
import type { ProjectContext } from '../context.js';
import type { CycleReportOptions, ReportStores } from './report-input.js';
import { buildReportInput } from './report-input.js';
import { collectSpend } from '../run/spend.js';

export type { CycleReportOptions, ReportStores } from './report-input.js';
export { latestCycle, selectTasks } from './report-input.js';

/** The stores a report reads, over one state database (the composition root's stores). */
export function reportStores(db: Db, now: () => number): ReportStores {
  return storesFor(db, now);
}

/** The report's input, read from the project's stores (no proposals are gathered here). */
export function cycleReportInput(
  ctx: Pick<ProjectContext, 'stores' | 'now' | 'config'> & Partial<Pick<ProjectContext, 'tasks'>>,
  opts: CycleReportOptions = {},
): ReportInput {
  const now = ctx.now();
  // The task files give the dollar budgets the forecast stops at (without them: role and defaults).
  const { caps, forecast } = collectSpend(ctx.stores, ctx.config, ctx.tasks ?? [], now);
  return { ...buildReportInput(ctx.stores, ctx.config, now, opts), spend: { caps, forecast } };
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
