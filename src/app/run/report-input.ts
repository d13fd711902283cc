// The cycle report's input, read from the stores (every figure traceable to a stored row).
import type { ReportInput } from '../../core/report/index.js';
import type { Stores } from '../../infra/db/stores.js';

export function reportInputFromStores(stores: Stores, now: number, taskIds?: readonly string[]): ReportInput {
  const usage = stores.usage.perTask();
  const rows = stores.tasks.list().filter((t) => !taskIds || taskIds.includes(t.id));
  return {
    generatedAt: now,
    tasks: rows.map((t) => {
      const u = usage[t.id];
      return {
        id: t.id,
        title: t.title,
        agent: t.agent,
        transitions: stores.tasks.stateHistory(t.id).map((h) => ({
          from: h.from,
          to: h.to,
          at: h.at,
          cause: h.cause,
          ...(h.kind !== undefined ? { kind: h.kind } : {}),
        })),
        attempts: stores.attempts.listForTask(t.id).map((a) => ({
          n: a.n,
          kind: a.kind,
          startedAt: a.started_at,
          endedAt: a.ended_at,
          outcome: a.outcome,
        })),
        usage: {
          input: u?.input ?? 0,
          output: u?.output ?? 0,
          cacheRead: u?.cacheRead ?? 0,
          cacheWrite: u?.cacheWrite ?? 0,
          costUsd: u?.costUsd ?? 0,
        },
        gateRuns: stores.gates
          .listForTask(t.id)
          .map((g) => ({ gate: g.gate, ok: g.ok, at: g.at, durationMs: g.duration_ms })),
      };
    }),
  };
}
