// `grove report --trend` and the dashboard's trend: each cycle's report (the one builder), read off
// as a trend row. The figures are what the journal holds for that cycle's tasks.
import { buildCycleReport } from '../../core/report/index.js';
import type { TrendRow } from '../../core/report/trend.js';
import { trendRow } from '../../core/report/trend.js';
import type { ProjectContext } from '../context.js';
import { gatherProposals } from '../compound/gather.js';
import { buildReportInput, latestCycle } from './report-input.js';

/** Every cycle's trend row; `grove report --trend` gathers the learning proposals first (idempotent). */
export async function loadTrend(ctx: ProjectContext): Promise<TrendRow[]> {
  await gatherProposals(ctx);
  return trendRows(ctx);
}

/** The trend over what the stores hold now (read-only: the dashboard's Trends page). */
export function trendRows(ctx: Pick<ProjectContext, 'stores' | 'config' | 'now'>): TrendRow[] {
  const rows: TrendRow[] = [];
  const cycles = new Set(ctx.stores.tasks.list().map((t) => t.cycle));
  for (let cycle = 1; cycle <= latestCycle(ctx.stores); cycle++) {
    if (!cycles.has(cycle)) continue;
    const input = buildReportInput(ctx.stores, ctx.config, ctx.now(), { cycle });
    rows.push(trendRow(buildCycleReport(input)));
  }
  return rows;
}
