// The demo's cycle report: the one report-input builder (src/app/report) over the demo's tasks.
import type { CycleReport } from '../../core/report/index.js';
import { buildCycleReport } from '../../core/report/index.js';
import type { ProjectContext } from '../context.js';
import { cycleReportInput } from '../report/cycle-report.js';

export function demoReport(
  ctx: Pick<ProjectContext, 'stores' | 'now' | 'config'>,
  taskIds: readonly string[],
  cycle?: number,
): CycleReport {
  return buildCycleReport(
    cycleReportInput(ctx, { tasks: taskIds, ...(cycle !== undefined ? { cycle } : {}) }),
  );
}
