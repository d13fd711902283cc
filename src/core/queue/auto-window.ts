/**
 * `queue.window: auto` and `queue.parallel: auto`: the speculative window chosen from the machine and
 * the queue's own history instead of a fixed small start.
 *
 * - Capacity (`max`, the most candidates tested at once) comes from the cores and from how the test ran
 *   at each parallelism seen so far: a parallelism whose runs took about as long as the fastest run is
 *   uncontended, so the queue may try twice as many; one whose runs slowed down gives the throughput
 *   it really got (parallelism ÷ slowdown). No timings yet: the cores.
 * - The start is what the failure rate justifies: one more candidate is worth testing while it is
 *   useful (every task ahead of it passes) at least one time in four, with the failure rate of the
 *   recent queue results (plus a prior of one failure in ten while there are few).
 * - Between rounds the window grows by one per task merged and halves after a failure (Zuul), but
 *   never below that start and never above the capacity.
 */
import type { WindowPolicy } from './window.js';

/** One passing queue test run: how long it took and how many candidates were tested at the same time. */
export interface TestTiming {
  ms: number;
  parallel: number;
}

export interface WindowInputs {
  cores: number;
  /** Recent passing queue test runs (any order). */
  timings: readonly TestTiming[];
  /** Of the last `of` tasks that left the queue (merged or culprit), `failed` were culprits. */
  failures: { failed: number; of: number };
  /** Fixed values from the config (numbers) take precedence over the automatic ones. */
  fixed?: { window?: number; parallel?: number };
}

export interface WindowChoice extends WindowPolicy {
  /** Why: the inputs that chose it, e.g. "2 cores, test ≈ 1.2 s, 0 of last 10 failed". */
  why: string;
}

/** The line `grove queue` and `grove integrate` print: "window 6 (max 8): 2 cores, …". */
export function windowLine(window: number, choice: Pick<WindowChoice, 'max' | 'why'>): string {
  return `window ${window} (max ${choice.max}): ${choice.why}`;
}

/** A parallelism whose median run is at most this much slower than the fastest run is uncontended. */
const UNCONTENDED = 1.3;
/** The least chance of being useful for which one more candidate is tested. */
const WORTH = 0.25;

/** The most candidates at once on a machine with `cores` cores, whatever the timings say. */
export function hardCap(cores: number): number {
  return Math.min(32, Math.max(4, 4 * Math.max(1, Math.floor(cores))));
}

/** How many tests the machine runs at once without slowing them down, and why. */
export function machineCapacity(
  cores: number,
  timings: readonly TestTiming[],
): { capacity: number; why: string } {
  const cap = hardCap(cores);
  const c = Math.max(1, Math.floor(cores));
  if (timings.length === 0) return { capacity: Math.min(c, cap), why: 'no test timings yet' };
  const fastest = Math.max(1, Math.min(...timings.map((t) => t.ms)));
  const byParallel = new Map<number, number[]>();
  for (const t of timings) byParallel.set(t.parallel, [...(byParallel.get(t.parallel) ?? []), t.ms]);
  let uncontended = 0;
  let contendedAbove: Array<{ k: number; slowdown: number }> = [];
  const seen = [...byParallel.entries()]
    .map(([k, ms]) => ({ k, slowdown: median(ms) / fastest }))
    .sort((a, b) => a.k - b.k);
  for (const s of seen) if (s.slowdown <= UNCONTENDED) uncontended = Math.max(uncontended, s.k);
  contendedAbove = seen.filter((s) => s.k > uncontended && s.slowdown > UNCONTENDED);
  if (contendedAbove.length === 0) {
    const capacity = Math.min(cap, Math.max(c, 2 * uncontended));
    return { capacity, why: `${uncontended} at once ran as fast as one` };
  }
  const got = Math.max(...contendedAbove.map((s) => Math.floor(s.k / s.slowdown)));
  const worst = contendedAbove.at(-1)!;
  const capacity = Math.min(cap, Math.max(1, uncontended, got));
  return { capacity, why: `${worst.k} at once ran ${worst.slowdown.toFixed(1)}× slower` };
}

/** The window whose last candidate is still useful often enough at the observed failure rate. */
export function failureTarget(failures: { failed: number; of: number }, cap: number): number {
  const rate = (failures.failed + 0.5) / (failures.of + 5);
  if (rate >= 1 - WORTH) return 1;
  const n = 1 + Math.floor(Math.log(WORTH) / Math.log(1 - rate));
  return Math.max(1, Math.min(cap, n));
}

/** The window policy for this round, with why. */
export function chooseWindow(inputs: WindowInputs): WindowChoice {
  const { cores, timings, failures, fixed = {} } = inputs;
  const machine = machineCapacity(cores, timings);
  const max = fixed.parallel ?? machine.capacity;
  const start = Math.max(1, Math.min(max, fixed.window ?? failureTarget(failures, max)));
  const parts: string[] = [];
  if (fixed.parallel === undefined) {
    parts.push(`${cores} core${cores === 1 ? '' : 's'}`);
    if (timings.length > 0) parts.push(`test ≈ ${formatSeconds(median(timings.map((t) => t.ms)))}`);
    parts.push(machine.why);
  } else parts.push(`queue.parallel ${fixed.parallel}`);
  if (fixed.window === undefined)
    parts.push(
      failures.of === 0 ? 'no queue results yet' : `${failures.failed} of last ${failures.of} failed`,
    );
  else parts.push(`queue.window ${fixed.window}`);
  // A fixed window keeps Zuul's halving down to 1; the automatic one stops at what the failure rate justifies.
  const policy: WindowPolicy = fixed.window === undefined ? { start, max, floor: start } : { start, max };
  return { ...policy, why: parts.join(', ') };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function formatSeconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}
