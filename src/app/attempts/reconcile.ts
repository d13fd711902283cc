import type { AttemptDeps } from './deps.js';
import type { AttemptMonitor } from './monitor.js';

export interface ReconcileReport {
  /** Attempts handed to the monitor: alive ones are followed on, ended or vanished ones are settled. */
  adopted: number[];
  /** Attempts that never got a process (grove died between recording and starting them). */
  neverStarted: number[];
}

/**
 * Run once when grove starts: every attempt without a recorded end is handed to `monitor`, which reads
 * its output from the stored offsets. One still running (same pid AND start time) is followed on; one
 * whose agent exited meanwhile has the rest of its output read and its exit recorded; one that
 * vanished without an exit record is marked `lost`. An attempt with no process recorded never ran:
 * its wrapper saw grove go away before "go", so it is marked `lost` at once.
 */
export function reconcile(deps: AttemptDeps, monitor: AttemptMonitor): ReconcileReport {
  const report: ReconcileReport = { adopted: [], neverStarted: [] };
  for (const row of deps.attempts.listUnfinished()) {
    if (row.pid === null || row.process_start === null) {
      deps.attempts.finish(row.id, { exitCode: null, signal: null, outcome: 'lost' });
      report.neverStarted.push(row.id);
      continue;
    }
    monitor.adopt(row);
    report.adopted.push(row.id);
  }
  return report;
}
