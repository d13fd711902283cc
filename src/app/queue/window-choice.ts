// The inputs of `queue.window: auto` / `queue.parallel: auto` read from the machine and the queue's
// history (recent rounds' test timings, recent results); the choice itself is pure (core/queue).
import { availableParallelism } from 'node:os';
import type { TestTiming, WindowChoice } from '../../core/queue/index.js';
import { chooseWindow } from '../../core/queue/index.js';
import type { QueueRound, QueueStore } from '../../infra/db/queue-store.js';
import type { Config } from '../../shared/config.js';

/** Rounds whose test timings count, and tasks whose results give the failure rate. */
const RECENT_ROUNDS = 10;
const RECENT_RESULTS = 10;

/** The window policy for the next round, with why. `cores` defaults to this machine's. */
export function windowChoice(
  config: Pick<Config, 'queue'>,
  queue: QueueStore,
  cores: number = availableParallelism(),
): WindowChoice {
  const { window, parallel } = config.queue;
  const fixed = {
    ...(window === 'auto' ? {} : { window }),
    ...(parallel === 'auto' ? {} : { parallel }),
  };
  const finished = queue
    .history(RECENT_RESULTS * 3)
    .filter((e) => e.status === 'merged' || e.status === 'rejected')
    .slice(0, RECENT_RESULTS);
  const failures = { failed: finished.filter((e) => e.status === 'rejected').length, of: finished.length };
  return chooseWindow({ cores, timings: roundTimings(queue.rounds(RECENT_ROUNDS)), failures, fixed });
}

/** Passing test runs of the rounds, each with how many candidates were tested alongside it. */
export function roundTimings(rounds: readonly QueueRound[]): TestTiming[] {
  const timings: TestTiming[] = [];
  for (const r of rounds) {
    const tested = r.candidates.filter((c) => c.ms !== undefined);
    for (const c of tested)
      if (c.outcome === 'pass' && c.ms! > 0) timings.push({ ms: c.ms!, parallel: tested.length });
  }
  return timings;
}
