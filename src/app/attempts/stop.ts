import { GroveError } from '../../shared/errors.js';
import type { AttemptRow } from '../../infra/db/attempt-store.js';
import type { AttemptDeps } from './deps.js';
import type { AttemptFinished } from './monitor.js';
import { AttemptMonitor } from './monitor.js';
import { neverGotProcess } from './start.js';
import type { StopReason } from './tracked.js';

/**
 * Stops one attempt from any grove process: SIGTERM to its process group, SIGKILL after
 * `attempts.kill_grace`, then its remaining output is read and its end recorded. Resolves with how it
 * ended (an attempt that had already ended resolves at once with its stored outcome).
 */
export async function stopAttempt(
  deps: AttemptDeps,
  attemptId: number,
  reason: StopReason = 'killed',
): Promise<AttemptFinished> {
  const found = deps.attempts.get(attemptId);
  if (!found) throw new GroveError('STATE_INVALID', `no agent attempt with id ${attemptId}`);
  const row = await processRecorded(deps, found);
  if (row.ended_at !== null) {
    return {
      attempt: row,
      outcome: row.outcome as AttemptFinished['outcome'],
      exit: undefined,
      reason: undefined,
    };
  }
  const monitor = new AttemptMonitor(deps);
  let finished: AttemptFinished | undefined;
  monitor.onFinished((e) => (finished = e));
  monitor.adopt(row);
  monitor.stop(attemptId, reason);
  await monitor.idle();
  monitor.close();
  return (
    finished ?? {
      attempt: deps.attempts.require(attemptId),
      outcome: 'lost',
      exit: undefined,
      reason: undefined,
    }
  );
}

/**
 * An attempt is given its process a moment after its row is written (see startAttempt): one still
 * without a process is waited for; one that never gets it is marked lost, as `reconcile` would.
 */
async function processRecorded(deps: AttemptDeps, row: AttemptRow): Promise<AttemptRow> {
  let current = row;
  while (current.ended_at === null && current.pid === null) {
    if (neverGotProcess(current, deps.now())) {
      deps.attempts.finish(current.id, { exitCode: null, signal: null, outcome: 'lost' });
      return deps.attempts.require(current.id);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    current = deps.attempts.require(current.id);
  }
  return current;
}
