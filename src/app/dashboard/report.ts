import type { ReportView } from '../../shared/api.js';
import type { ReportInput } from '../../core/report/index.js';
import { buildCycleReport, renderReportMarkdown, toReportView } from '../../core/report/index.js';
import type { DashboardSources } from './sources.js';

const NO_USAGE = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, costUsd: 0 };

/** The report's input, read from the stores: state history, attempts, usage and gate runs per task. */
export function reportInput(sources: DashboardSources): ReportInput {
  const usage = sources.usage?.perTask() ?? {};
  return {
    generatedAt: sources.now(),
    tasks: sources.tasks.list().map((t) => ({
      id: t.id,
      title: t.title,
      agent: t.agent,
      transitions: sources.tasks
        .stateHistory(t.id)
        .map((h) => ({ from: h.from, to: h.to, at: h.at, cause: h.cause })),
      attempts: (sources.attempts?.listForTask(t.id) ?? []).map((a) => ({
        n: a.n,
        kind: a.kind,
        startedAt: a.started_at,
        endedAt: a.ended_at,
        outcome: a.outcome,
      })),
      usage: usage[t.id] ?? NO_USAGE,
      gateRuns: (sources.gates?.listForTask(t.id) ?? []).map((g) => ({
        gate: g.gate,
        ok: g.ok,
        at: g.at,
        durationMs: g.duration_ms,
      })),
    })),
  };
}

/** The cycle report (src/core/report) over what the stores hold now, with its Markdown. */
export function buildReportView(sources: DashboardSources): ReportView {
  const report = buildCycleReport(reportInput(sources));
  return { ...toReportView(report), markdown: renderReportMarkdown(report) };
}
