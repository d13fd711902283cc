import type { ReportView } from '../../shared/api.js';
import { buildCycleReport, renderReportMarkdown, toReportView } from '../../core/report/index.js';
import { buildReportInput } from '../report/report-input.js';
import type { DashboardSources } from './sources.js';

/**
 * The cycle report (src/core/report) over what the stores hold now, with its Markdown: the latest
 * cycle, read by the same builder as `grove report`.
 */
export function buildReportView(
  sources: Pick<DashboardSources, 'reportStores' | 'now' | 'config'>,
): ReportView {
  const report = buildCycleReport(buildReportInput(sources.reportStores, sources.config, sources.now()));
  return { ...toReportView(report), markdown: renderReportMarkdown(report) };
}
