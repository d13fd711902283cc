import { chooseWindow } from './auto-window.js';
import { applyRound, newQueueState, planRound } from './planner.js';
import { mulberry32 } from './prng.js';
import type { CandidateResult } from './results.js';
import type { WindowPolicy } from './window.js';

export interface SimulationOptions {
  /** Branches queued. */
  n: number;
  /** Chance that a branch breaks the build once integrated. */
  p: number;
  /** Test time of one candidate, in any unit; the result is in the same unit. */
  testTime: number;
  /** Speculative window to start with; `Infinity` for an unbounded window. */
  window: number;
  /** Most candidates at once (default: the window, i.e. a fixed window). */
  parallel?: number;
  /** Grow/halve the window (Zuul) instead of keeping it fixed. Default false. */
  adaptive?: boolean;
  /**
   * `queue.window: auto` on a machine that tests `parallel` candidates at once: the window is chosen
   * each round from the failures among the last 10 tasks that left the queue (auto-window.ts).
   * Overrides `window` and `adaptive`.
   */
  auto?: { parallel: number };
  seed?: number;
}

export interface SimulationResult {
  /** Wall time: rounds × testTime (candidates of a round are tested in parallel). */
  time: number;
  rounds: number;
  testRuns: number;
  merged: number;
  rejected: number;
  /** Every merge moved the base to a candidate whose tests passed, no bad branch was merged, no good one rejected. */
  baseAlwaysGreen: boolean;
}

/**
 * Runs the real queue planner (planRound + applyRound) against branches that are bad with
 * probability `p` (a candidate fails when it holds any bad branch). Serial integration is `window: 1`.
 */
export function simulateQueue(options: SimulationOptions): SimulationResult {
  const random = mulberry32(options.seed ?? 1);
  const bad = new Set<string>();
  const queue: string[] = [];
  for (let i = 0; i < options.n; i += 1) {
    const id = `b${i}`;
    queue.push(id);
    if (random() < options.p) bad.add(id);
  }
  const max = Math.min(options.parallel ?? options.window, options.n);
  const fixed = Math.min(options.window, options.n);
  const left: boolean[] = []; // true: a culprit, newest last
  const autoPolicy = (parallel: number): WindowPolicy => {
    const recent = left.slice(-10);
    const failures = { failed: recent.filter(Boolean).length, of: recent.length };
    return chooseWindow({ cores: 1, rounds: [], failures, fixed: { parallel } });
  };
  let policy: WindowPolicy = options.auto
    ? autoPolicy(options.auto.parallel)
    : { start: fixed, max: options.adaptive ? max : fixed };
  let state = newQueueState(policy, queue);
  let rounds = 0;
  let testRuns = 0;
  let merged = 0;
  let rejected = 0;
  let green = true;
  while (state.queue.length > 0) {
    const candidates = planRound(state);
    const results: CandidateResult[] = candidates.map(({ size, tasks }) => ({
      size,
      outcome: tasks.some((id) => bad.has(id)) ? { kind: 'fail' } : { kind: 'pass' },
    }));
    rounds += 1;
    testRuns += candidates.length;
    const round = applyRound(state, results, policy);
    if (round.merge.length > 0) {
      const tested = results.find((r) => r.size === round.merge.length);
      if (tested?.outcome.kind !== 'pass' || round.merge.some((id) => bad.has(id))) green = false;
    }
    merged += round.merge.length;
    left.push(...round.merge.map(() => false));
    if (round.culprit) {
      rejected += 1;
      left.push(true);
      if (!bad.has(round.culprit.taskId)) green = false;
    }
    // A fixed window stays fixed; the adaptive one follows the planner.
    state = options.adaptive || options.auto ? round.state : { ...round.state, window: state.window };
    if (options.auto) {
      policy = autoPolicy(options.auto.parallel);
      state = { ...state, window: Math.max(policy.floor ?? 1, Math.min(state.window, policy.max)) };
    }
  }
  return { time: rounds * options.testTime, rounds, testRuns, merged, rejected, baseAlwaysGreen: green };
}

/** The mean of `trials` simulations with seeds 1..trials. */
export function meanSimulation(options: Omit<SimulationOptions, 'seed'>, trials: number): SimulationResult {
  const sum = { time: 0, rounds: 0, testRuns: 0, merged: 0, rejected: 0 };
  let green = true;
  for (let seed = 1; seed <= trials; seed += 1) {
    const r = simulateQueue({ ...options, seed });
    sum.time += r.time;
    sum.rounds += r.rounds;
    sum.testRuns += r.testRuns;
    sum.merged += r.merged;
    sum.rejected += r.rejected;
    green &&= r.baseAlwaysGreen;
  }
  return {
    time: sum.time / trials,
    rounds: sum.rounds / trials,
    testRuns: sum.testRuns / trials,
    merged: sum.merged / trials,
    rejected: sum.rejected / trials,
    baseAlwaysGreen: green,
  };
}
