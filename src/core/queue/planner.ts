import { planCandidateSizes } from './candidates.js';
import type { Bisection, CandidateOutcome, CandidateResult } from './results.js';
import { decideRound } from './results.js';
import type { WindowPolicy } from './window.js';
import { initialWindow } from './window.js';

/**
 * The merge queue as plain data between rounds. The app keeps one (in the DB), asks `planRound` which
 * candidates to build and test, and gives the results to `applyRound`, which says what to merge and which
 * task, if any, leaves the queue as the culprit.
 */
export interface QueueState {
  /** Task ids waiting, head first. */
  queue: string[];
  window: number;
  /** Set while a failing batch is being bisected. */
  bisection?: Bisection;
}

export interface PlannedCandidate {
  /** Prefix size: base + the first `size` queued tasks. */
  size: number;
  tasks: string[];
}

export interface AppliedRound {
  state: QueueState;
  /** Merge these in order: the base moves to the tested candidate of size `merge.length`. */
  merge: string[];
  culprit?: { taskId: string; outcome: Exclude<CandidateOutcome, { kind: 'pass' }> };
}

export function newQueueState(policy: WindowPolicy, queue: readonly string[] = []): QueueState {
  return { queue: [...queue], window: initialWindow(policy) };
}

/** Adds tasks at the tail (a task already queued keeps its place). */
export function enqueue(state: QueueState, ids: readonly string[]): QueueState {
  const queue = [...state.queue];
  for (const id of ids) if (!queue.includes(id)) queue.push(id);
  return { ...state, queue };
}

/**
 * Takes a task out (abandoned, branch deleted, re-verified). Removing one inside a failing prefix that
 * is being bisected drops the bisection: what was known no longer holds for the new prefixes.
 */
export function removeFromQueue(state: QueueState, id: string): QueueState {
  const at = state.queue.indexOf(id);
  if (at < 0) return state;
  const queue = state.queue.filter((x) => x !== id);
  const bisection = state.bisection && at < state.bisection.failing ? undefined : state.bisection;
  return bisection ? { queue, window: state.window, bisection } : { queue, window: state.window };
}

/** The candidates to build and test this round (at most `window`). */
export function planRound(state: QueueState): PlannedCandidate[] {
  return planCandidateSizes(state.queue.length, state.window, state.bisection).map((size) => ({
    size,
    tasks: state.queue.slice(0, size),
  }));
}

/** Applies a round's results (see `decideRound` for the rules). */
export function applyRound(
  state: QueueState,
  results: readonly CandidateResult[],
  policy: WindowPolicy,
): AppliedRound {
  const round = decideRound(state.queue, results, state.window, policy, state.bisection);
  const next: QueueState = { queue: round.remaining, window: round.window };
  if (round.next.kind === 'bisect')
    next.bisection = { failing: round.next.failing, outcome: round.next.outcome };
  const applied: AppliedRound = { state: next, merge: round.merge };
  if (round.next.kind === 'culprit')
    applied.culprit = { taskId: round.next.taskId, outcome: round.next.outcome };
  return applied;
}
