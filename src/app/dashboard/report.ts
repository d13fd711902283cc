import type { ReportView } from '../../shared/api.js';
import type { DashboardSources } from './sources.js';

/**
 * The cycle report as far as the stores in this process can tell: every figure is read from the
 * task rows, the journal's state history, usage, attempts and gate runs (absent stores count zero).
 */
export function buildReportView(sources: DashboardSources): ReportView {
  const now = sources.now();
  const usage = sources.usage?.perTask() ?? {};
  const tasks = sources.tasks.list().map((t) => {
    const history = sources.tasks.stateHistory(t.id);
    const first = history[0]?.at ?? t.created_at;
    const mergedAt = history.find((h) => h.to === 'merged')?.at;
    const gates = sources.gates?.listForTask(t.id) ?? [];
    return {
      id: t.id,
      state: t.state,
      tokens: usage[t.id]?.total ?? 0,
      costUsd: usage[t.id]?.costUsd ?? 0,
      attempts: sources.attempts?.listForTask(t.id).length ?? 0,
      wallMs: Math.max(0, (mergedAt ?? now) - first),
      gateRuns: gates.length,
      gatePasses: gates.filter((g) => g.ok).length,
    };
  });
  const byState: Record<string, number> = {};
  for (const t of tasks) byState[t.state] = (byState[t.state] ?? 0) + 1;
  const gateRuns = tasks.reduce((n, t) => n + t.gateRuns, 0);
  return {
    generatedAt: now,
    tasks,
    totals: {
      tasks: tasks.length,
      merged: tasks.filter((t) => t.state === 'merged' || t.state === 'cleaned').length,
      tokens: tasks.reduce((n, t) => n + t.tokens, 0),
      costUsd: tasks.reduce((n, t) => n + t.costUsd, 0),
      gatePassRate: gateRuns === 0 ? null : tasks.reduce((n, t) => n + t.gatePasses, 0) / gateRuns,
    },
    byState,
  };
}
