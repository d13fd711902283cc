// The demo's cycle report: the run loop's input (tasks, attempts, usage, gates) plus the merge queue's
// test runs and the learning proposals, so the report's queue and learnings lines count what happened.
import type { CycleReport, ReportQueueRun } from '../../core/report/index.js';
import { buildCycleReport } from '../../core/report/index.js';
import type { ProjectContext } from '../context.js';
import type { RunLoop } from '../run/loop.js';
import { reportInputFromStores } from '../run/report-input.js';

export function demoReport(ctx: ProjectContext, loop: RunLoop): CycleReport {
  const queueRuns: ReportQueueRun[] = ctx.stores.queue
    .rounds()
    .flatMap((round) =>
      round.candidates
        .filter((c) => c.outcome === 'pass' || c.outcome === 'fail')
        .map((c) => ({
          at: round.at,
          durationMs: round.durationMs,
          tasks: c.tasks,
          ok: c.outcome === 'pass',
        })),
    );
  const learnings = ctx.stores.learnings.list().map((l) => ({ id: l.id, status: l.status }));
  return buildCycleReport({
    ...reportInputFromStores(loop.rt.stores, ctx.now(), loop.taskIds),
    queueRuns,
    learnings,
  });
}
