import type { ReportView } from '../../shared/api.js';
import { buildCycleReport, renderReportMarkdown, toReportView } from '../../core/report/index.js';
import { buildReportInput } from '../report/report-input.js';
import type { DashboardSources } from './sources.js';
import { collectSpend } from '../run/spend.js';

/**
 * The cycle report (src/core/report) over what the stores hold now, with its Markdown: the latest
 * cycle, read by the same builder as `grove report`.
 */
export function buildReportView(
  sources: Pick<DashboardSources, 'reportStores' | 'now' | 'config'> &
    Partial<Pick<DashboardSources, 'commands'>>,
): ReportView {
  const now = sources.now();
  const input = buildReportInput(sources.reportStores, sources.config, now);
  // The spend caps and forecast need the task files (budgets): the lead's command deps have them.
  const c = sources.commands;
  const spend = c ? collectSpend(c.stores, sources.config, c.tasks, now) : undefined;
  const report = buildCycleReport(
    spend ? { ...input, spend: { caps: spend.caps, forecast: spend.forecast } } : input,
  );
  return { ...toReportView(report), markdown: renderReportMarkdown(report) };
}
