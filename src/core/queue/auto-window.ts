/**
 * `queue.window: auto` and `queue.parallel: auto`: the speculative window chosen from the machine and
 * the queue's own history instead of a fixed small start.
 *
 * - Capacity (`max`, the most candidates tested at once) is what the machine can test at once: the
 *   cores × how long a test run takes ÷ the CPU it uses (a test that mostly waits leaves room for many;
 *   one that keeps a core busy gets one per core), at most 4 × cores. The wall time is the fastest
 *   passing run of a round that did not keep every core busy (a busy round's runs waited for CPU).
 *   Where the OS gives no CPU figures, a parallelism whose runs took about as long as the fastest run is
 *   taken as uncontended and twice as many are tried. Nothing measured yet: 2 × cores (`make -j`'s rule).
 * - The start is what the failure rate justifies: one more candidate is worth testing while it is
 *   useful (every task ahead of it passes) at least one time in four, at the failure rate of the recent
 *   queue results (plus a prior of one failure in ten while there are few).
 * - Between rounds the window grows by one per task merged and halves after a failure (Zuul), but
 *   never below that start and never above the capacity.
 */
import type { WindowPolicy } from './window.js';

/** One round's queue test runs: how long each took (passing runs) and the CPU all of them used. */
export interface RoundTiming {
  /** Durations of the round's passing test runs (ms). */
  passMs: number[];
  /** How many candidates the round tested at once. */
  parallel: number;
  /** CPU the round's test runs used, all together (ms), where the OS tells. */
  cpuMs?: number;
}

export interface WindowInputs {
  cores: number;
  /** Recent rounds that ran tests. */
  rounds: readonly RoundTiming[];
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
/** A round whose tests used this share of every core kept the machine busy. */
const BUSY = 0.8;
/** The least chance of being useful for which one more candidate is tested. */
const WORTH = 0.25;

/** The most candidates at once on a machine with `cores` cores, whatever the timings say. */
export function hardCap(cores: number): number {
  return Math.min(32, Math.max(4, 4 * wholeCores(cores)));
}

/** How many tests the machine runs at once without slowing them down, and why. */
export function machineCapacity(
  cores: number,
  rounds: readonly RoundTiming[],
): { capacity: number; why: string } {
  const c = wholeCores(cores);
  const cap = hardCap(c);
  const timed = rounds.filter((r) => r.parallel > 0 && (r.passMs.length > 0 || r.cpuMs !== undefined));
  if (timed.length === 0) return { capacity: Math.min(cap, 2 * c), why: 'nothing measured yet: 2 × cores' };
  const withCpu = timed.filter((r) => r.cpuMs !== undefined);
  if (withCpu.length > 0) {
    const cpuPerRun = Math.max(1, median(withCpu.map((r) => r.cpuMs! / r.parallel)));
    const calm = withCpu.filter((r) => r.passMs.length > 0 && r.cpuMs! < BUSY * c * Math.max(...r.passMs));
    // Every round kept the cores busy: a run needs at least its CPU time.
    const wall = calm.length > 0 ? Math.min(...calm.flatMap((r) => r.passMs)) : cpuPerRun;
    const share = cpuPerRun / Math.max(1, wall);
    const capacity = clampTo(Math.floor(c / share), 1, cap);
    return {
      capacity,
      why: `a run keeps ${share < 0.1 ? share.toFixed(2) : share.toFixed(1)} of a core busy`,
    };
  }
  return wallCapacity(c, cap, timed);
}

/** Without CPU figures: from how much slower runs were at each parallelism than the fastest run. */
function wallCapacity(
  c: number,
  cap: number,
  rounds: readonly RoundTiming[],
): { capacity: number; why: string } {
  const all = rounds.flatMap((r) => r.passMs);
  if (all.length === 0) return { capacity: Math.min(cap, 2 * c), why: 'nothing measured yet: 2 × cores' };
  const fastest = Math.max(1, Math.min(...all));
  const byParallel = new Map<number, number[]>();
  for (const r of rounds) byParallel.set(r.parallel, [...(byParallel.get(r.parallel) ?? []), ...r.passMs]);
  const seen = [...byParallel.entries()]
    .filter(([, ms]) => ms.length > 0)
    .map(([k, ms]) => ({ k, slowdown: median(ms) / fastest }))
    .sort((a, b) => a.k - b.k);
  let uncontended = 0;
  for (const s of seen) if (s.slowdown <= UNCONTENDED) uncontended = Math.max(uncontended, s.k);
  const contended = seen.filter((s) => s.k > uncontended);
  if (contended.length === 0)
    return { capacity: clampTo(2 * uncontended, c, cap), why: `${uncontended} at once ran as fast as one` };
  const got = Math.max(...contended.map((s) => Math.floor(s.k / s.slowdown)));
  const worst = contended.at(-1)!;
  return {
    capacity: clampTo(Math.max(uncontended, got), 1, cap),
    why: `${worst.k} at once ran ${worst.slowdown.toFixed(1)}× slower`,
  };
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
  const { cores, rounds, failures, fixed = {} } = inputs;
  const machine = machineCapacity(cores, rounds);
  const passMs = rounds.flatMap((r) => r.passMs);
  const max = fixed.parallel ?? machine.capacity;
  const start = Math.max(1, Math.min(max, fixed.window ?? failureTarget(failures, max)));
  const parts: string[] = [];
  if (fixed.parallel === undefined) {
    parts.push(`${cores} core${cores === 1 ? '' : 's'}`);
    if (passMs.length > 0) parts.push(`test ≈ ${formatSeconds(median(passMs))}`);
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

function wholeCores(cores: number): number {
  return Math.max(1, Math.floor(cores));
}

function clampTo(n: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, n));
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function formatSeconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}
