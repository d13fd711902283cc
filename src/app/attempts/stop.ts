import { GroveError } from '../../shared/errors.js';
import type { AttemptDeps } from './deps.js';
import type { AttemptFinished } from './monitor.js';
import { AttemptMonitor } from './monitor.js';
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
  const row = deps.attempts.get(attemptId);
  if (!row) throw new GroveError('STATE_INVALID', `no agent attempt with id ${attemptId}`);
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
