// The inputs of `queue.window: auto` / `queue.parallel: auto` read from the machine and the queue's
// history (recent rounds' test timings, recent results); the choice itself is pure (core/queue).
import { availableParallelism } from 'node:os';
import type { RoundTiming, WindowChoice, WindowPolicy } from '../../core/queue/index.js';
import { chooseWindow, clampWindow, windowLine } from '../../core/queue/index.js';
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
  return chooseWindow({ cores, rounds: roundTimings(queue.rounds(RECENT_ROUNDS)), failures, fixed });
}

/** The window kept from the last round, within `policy` (the machine or the failure rate changed). */
export function windowWithin(saved: number, policy: WindowPolicy): number {
  return clampWindow(Math.max(saved, policy.floor ?? 1), policy);
}

/** What the next round would use and why, for `grove queue`. */
export function nextWindowLine(config: Pick<Config, 'queue'>, queue: QueueStore): string {
  const choice = windowChoice(config, queue);
  return windowLine(windowWithin(queue.state(choice.start).window, choice), choice);
}

/** The test timings of the rounds that ran tests (a round's candidates with `ms` were tested). */
export function roundTimings(rounds: readonly QueueRound[]): RoundTiming[] {
  const timings: RoundTiming[] = [];
  for (const r of rounds) {
    const tested = r.candidates.filter((c) => c.ms !== undefined);
    if (tested.length === 0) continue;
    const cpu = tested.filter((c) => c.cpuMs !== undefined);
    timings.push({
      passMs: tested.filter((c) => c.outcome === 'pass').map((c) => c.ms!),
      parallel: tested.length,
      ...(cpu.length === tested.length ? { cpuMs: cpu.reduce((sum, c) => sum + c.cpuMs!, 0) } : {}),
    });
  }
  return timings;
}
