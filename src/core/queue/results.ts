import type { WindowPolicy } from './window.js';
import { nextWindow } from './window.js';
import { nextIteration } from '../scheduler/send-back.js';

/** How one candidate went: its tests passed, failed, or it could not be built (a merge conflict). */
export type CandidateOutcome =
  | { kind: 'pass' }
  | { kind: 'fail'; fingerprint?: string; output?: string }
  | { kind: 'conflict'; taskId: string; files: readonly string[] };

export interface CandidateResult {
  /** Prefix size: the candidate held the first `size` tasks of the queue. */
  size: number;
  outcome: CandidateOutcome;
}

/** Known from an earlier round: the prefix of size `failing` (≥ 2) of the current queue fails. */
export interface Bisection {
  failing: number;
  outcome: Exclude<CandidateOutcome, { kind: 'pass' }>;
}

export type RoundNext =
  /** Every candidate tested passed: the remaining tasks continue. */
  | { kind: 'continue' }
  /** One task is shown to break the queue: it leaves the queue; the others continue. */
  | { kind: 'culprit'; taskId: string; outcome: Exclude<CandidateOutcome, { kind: 'pass' }> }
  /** A prefix of `failing` (≥ 2) remaining tasks fails but the culprit is not known yet: bisect. */
  | ({ kind: 'bisect' } & Bisection);

export interface RoundDecision {
  /** Merge these (queue order): the base moves to the tested candidate holding exactly them. */
  merge: string[];
  /** The size of the candidate the base moves to (0: it does not move). */
  mergedSize: number;
  next: RoundNext;
  /** The queue after this round: merged tasks and the culprit removed, order kept. */
  remaining: string[];
  window: number;
}

/**
 * Decides a round from its candidates' results. The base moves to the longest tested prefix that passed
 * with every smaller tested prefix passing too (a pass above a failure is not trusted: flaky). If the
 * smallest failing prefix is one task longer than that, its last task is the culprit; if a conflict names
 * the task that could not be applied on a prefix known to build, that task is the culprit; otherwise the
 * failing range is bisected. Assumes a prefix fails whenever a shorter one fails (breakage does not heal).
 * `bisection` carries the failing bound from the round before, when this round was a bisection round.
 */
export function decideRound(
  queue: readonly string[],
  results: readonly CandidateResult[],
  window: number,
  policy: WindowPolicy,
  bisection?: Bisection,
): RoundDecision {
  const known: CandidateResult[] = bisection ? [{ size: bisection.failing, outcome: bisection.outcome }] : [];
  const roundFailed = results.some((r) => r.outcome.kind !== 'pass');
  const sorted = [...results, ...known]
    .filter((r) => r.size >= 1 && r.size <= queue.length)
    .sort((a, b) => a.size - b.size);
  let good = 0;
  let firstBad: CandidateResult | undefined;
  for (const r of sorted) {
    if (r.outcome.kind === 'pass') {
      if (!firstBad) good = r.size;
    } else if (!firstBad) {
      firstBad = r;
    }
  }
  // A conflict pins the failing size to the task that could not be applied.
  let badSize = firstBad?.size;
  if (firstBad?.outcome.kind === 'conflict') {
    const at = queue.indexOf(firstBad.outcome.taskId);
    if (at >= good && at < firstBad.size) badSize = at + 1;
  }
  const merge = queue.slice(0, good);
  const rest = queue.slice(good);
  const newWindow = nextWindow(window, { merged: good, failed: roundFailed }, policy);
  if (!firstBad || badSize === undefined) {
    return { merge, mergedSize: good, next: { kind: 'continue' }, remaining: rest, window: newWindow };
  }
  const failing = badSize - good;
  const culprit = rest[0];
  const outcome = firstBad.outcome.kind === 'pass' ? { kind: 'fail' as const } : firstBad.outcome;
  if (failing === 1 && culprit !== undefined) {
    return {
      merge,
      mergedSize: good,
      next: { kind: 'culprit', taskId: culprit, outcome },
      remaining: rest.slice(1),
      window: newWindow,
    };
  }
  return {
    merge,
    mergedSize: good,
    next: { kind: 'bisect', failing, outcome },
    remaining: rest,
    window: newWindow,
  };
}

export type CulpritAction =
  | { kind: 'fix'; taskId: string; iteration: number }
  | { kind: 'conflict'; taskId: string; files: readonly string[] }
  | { kind: 'block'; taskId: string; iterations: number };

/**
 * What happens to a culprit: an integration test failure goes back to its agent (the fix loop) while
 * fix iterations remain, else blocked; a merge conflict sends it to `conflict`.
 */
export function culpritAction(
  taskId: string,
  outcome: Exclude<CandidateOutcome, { kind: 'pass' }>,
  fixIterations: number,
  maxFixIterations: number,
): CulpritAction {
  switch (outcome.kind) {
    case 'conflict':
      return { kind: 'conflict', taskId, files: outcome.files };
    case 'fail': {
      const iteration = nextIteration(fixIterations, maxFixIterations);
      return iteration !== undefined
        ? { kind: 'fix', taskId, iteration }
        : { kind: 'block', taskId, iterations: fixIterations };
    }
  }
}
