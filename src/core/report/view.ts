import type { ReportView } from '../../shared/api.js';
import type { CycleReport } from './report.js';
import { toSpendSummary } from '../spend-summary.js';

/** The report in the dashboard's wire shape (src/shared/api.ts `ReportView`). */
export function toReportView(report: CycleReport): ReportView {
  const byState: Record<string, number> = {};
  for (const [state, n] of Object.entries(report.totals.byState)) byState[state] = n;
  return {
    generatedAt: report.generatedAt,
    tasks: report.tasks.map((t) => ({
      id: t.id,
      state: t.state,
      tokens: t.tokens.total,
      costUsd: t.costUsd,
      costUnknown: t.costUnknown,
      attempts: t.attempts,
      wallMs: t.wallMs ?? 0,
      gateRuns: t.gates.runs,
      gatePasses: t.gates.passed,
    })),
    totals: {
      tasks: report.totals.tasks,
      merged: report.totals.merged,
      tokens: report.totals.tokens.total,
      costUsd: report.totals.costUsd,
      costUnknown: report.totals.costUnknown,
      gatePassRate: report.totals.gatePassRate,
      wallMs: report.totals.wallMs,
      settled: report.totals.settled,
    },
    byState,
    ...(report.spend ? { spend: toSpendSummary(report.spend) } : {}),
  };
}
