export { buildCycleReport } from './build.js';
export { formatCost, formatCount, formatDuration, formatPercent, formatUsd } from './format.js';
export type {
  ReportAttempt,
  ReportBestOf,
  ReportGateRun,
  ReportInput,
  ReportLearning,
  ReportQueueConflict,
  ReportQueueRun,
  ReportTaskInput,
  ReportTransition,
  ReportUsage,
} from './input.js';
export { renderReportMarkdown } from './render.js';
export type {
  CycleReport,
  CycleTotals,
  TaskGateSummary,
  TaskReport,
  TaskReviewSummary,
  TaskTokens,
} from './report.js';
export { toReportView } from './view.js';
