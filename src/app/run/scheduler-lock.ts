// One scheduler per repository: the `scheduler` lock, held by a live process (pid + start time), so
// a crashed holder never leaves it stuck and a second `grove run` says who holds it.
import type { LockStore } from '../../infra/db/lock-store.js';
import { processStartTime } from '../../infra/process/liveness.js';
import { GroveError } from '../../shared/errors.js';

export const SCHEDULER_LOCK = 'scheduler';

export interface SchedulerLock {
  release(): void;
}

export function acquireSchedulerLock(locks: LockStore, info: string): SchedulerLock {
  const pid = process.pid;
  const processStart = processStartTime(pid) ?? 'unknown';
  const result = locks.acquire(SCHEDULER_LOCK, { pid, processStart, info });
  if (result.kind === 'held') {
    const since = new Date(result.by.since).toISOString();
    throw new GroveError(
      'LOCKED',
      `another scheduler runs for this repository: ${result.by.info ?? 'grove'} (pid ${result.by.pid}, since ${since})`,
      {
        hint:
          result.by.info === 'grove up'
            ? 'stop it with `grove down`, or use `grove status` and the lead commands while it runs'
            : 'stop it (Ctrl-C in its terminal), or use `grove status` and the lead commands while it runs',
      },
    );
  }
  return { release: () => locks.release(SCHEDULER_LOCK, pid) };
}
