import type { TaskState } from '../../shared/task-state.js';
import {
  IN_FLIGHT_STATES,
  MERGED_STATES,
  NOT_STARTED_STATES,
  TERMINAL_STATES,
} from '../../shared/task-state.js';
import type { LearningStatus } from '../learnings/types.js';
import { LEARNING_STATUSES } from '../learnings/types.js';
import type { ReportBestOf, ReportGateRun, ReportInput, ReportTaskInput, ReportTransition } from './input.js';
import type {
  CycleReport,
  CycleTotals,
  TaskGateSummary,
  TaskReport,
  TaskReviewSummary,
  TaskTokens,
} from './report.js';

/** States after which no more time is counted: the task has stopped for good. */
const HOUR = 3_600_000;

/** The cycle report, every figure derived from `input`. Tasks keep the input's order. */
export function buildCycleReport(input: ReportInput): CycleReport {
  const tasks = input.tasks.map((t) => buildTaskReport(t, input.generatedAt));
  return {
    cycle: input.cycle ?? null,
    generatedAt: input.generatedAt,
    tasks,
    totals: buildTotals(input, tasks),
    ...(input.spend ? { spend: input.spend } : {}),
    ...(input.bestOf && input.bestOf.length > 0
      ? { bestOf: input.bestOf.map((b) => withLanded(b, tasks)) }
      : {}),
  };
}

/** The attempt of a best-of task that was merged, from the tasks' states. */
function withLanded(b: ReportBestOf, tasks: readonly TaskReport[]): ReportBestOf & { landed?: string } {
  const landed = b.ranked.find((c) => {
    const state = tasks.find((t) => t.id === c.id)?.state;
    return state === 'merged' || state === 'cleaned';
  });
  return landed ? { ...b, landed: landed.id } : { ...b };
}

function buildTaskReport(task: ReportTaskInput, now: number): TaskReport {
  const transitions = [...task.transitions].sort((a, b) => a.at - b.at);
  const last = transitions[transitions.length - 1];
  const state: TaskState = last?.to ?? 'planned';
  const timeInState = timeInStates(transitions, now);
  const firstStart = transitions.find((t) => t.to === 'running')?.at;
  const mergedAt = transitions.find((t) => t.to === 'merged')?.at;
  const end =
    mergedAt ??
    (TERMINAL_STATES.includes(state) || state === 'blocked' || state === 'failed' ? last?.at : now);
  const u = task.usage;
  return {
    id: task.id,
    title: task.title ?? task.id,
    agent: task.agent ?? null,
    host: task.host ?? null,
    state,
    wallMs: firstStart === undefined || end === undefined ? null : Math.max(0, end - firstStart),
    attempts: task.attempts.length,
    fixIterations: transitions.filter(
      (t) => t.to === 'fixing' && t.kind !== 'conflict' && t.kind !== 'catch-up',
    ).length,
    reassignments: transitions.filter((t) => t.to === 'reassigned').length,
    tokens: {
      input: u.input,
      output: u.output,
      cacheRead: u.cacheRead,
      cacheWrite: u.cacheWrite,
      total: u.input + u.output + u.cacheWrite,
    },
    costUsd: u.costUsd,
    costUnknown: u.costUnknown ?? false,
    gates: gateSummary(transitions, task.gateRuns),
    scopeViolations: new Set(task.scopeViolations ?? []).size,
    queueWaitMs: transitions.some((t) => t.to === 'queued') ? (timeInState.queued ?? 0) : null,
    integratingMs: transitions.some((t) => t.to === 'integrating') ? (timeInState.integrating ?? 0) : null,
    timeInState,
    review: reviewSummary(transitions, timeInState, now),
  };
}

function reviewSummary(
  transitions: readonly ReportTransition[],
  timeInState: Partial<Record<TaskState, number>>,
  now: number,
): TaskReviewSummary | null {
  const arrivals = transitions.filter((t) => t.to === 'review');
  const first = arrivals[0];
  if (!first) return null;
  const lastLeft = transitions.filter((t) => t.from === 'review').at(-1);
  const stillInReview = transitions.at(-1)?.to === 'review';
  const end = stillInReview || !lastLeft ? now : lastLeft.at;
  const discarded = new Set(transitions.flatMap((t) => (t.kind === 'review-discard' ? (t.files ?? []) : [])));
  return {
    rounds: arrivals.length,
    waitingMs: timeInState.review ?? 0,
    inReviewMs: Math.max(0, end - first.at),
    filesDiscarded: discarded.size,
  };
}

/** Time between each transition and the next; the last state runs to `now` unless it is final. */
function timeInStates(
  transitions: readonly ReportTransition[],
  now: number,
): Partial<Record<TaskState, number>> {
  const out: Partial<Record<TaskState, number>> = {};
  transitions.forEach((t, i) => {
    const next = transitions[i + 1];
    const until = next ? next.at : TERMINAL_STATES.includes(t.to) ? t.at : now;
    out[t.to] = (out[t.to] ?? 0) + Math.max(0, until - t.at);
  });
  return out;
}

/**
 * Gate runs are grouped into verification rounds by the task's entries into `verifying`: round k holds
 * the runs from the k-th entry up to the next one. Runs before the first entry belong to round 1.
 */
function gateSummary(
  transitions: readonly ReportTransition[],
  runs: readonly ReportGateRun[],
): TaskGateSummary {
  const entries = transitions.filter((t) => t.to === 'verifying').map((t) => t.at);
  const rounds = new Map<number, ReportGateRun[]>();
  for (const run of runs) {
    let k = 0;
    while (k + 1 < entries.length && (entries[k + 1] ?? Infinity) <= run.at) k += 1;
    rounds.set(k, [...(rounds.get(k) ?? []), run]);
  }
  const first = rounds.get(Math.min(...rounds.keys()));
  return {
    runs: runs.length,
    passed: runs.filter((r) => r.ok).length,
    rounds: rounds.size,
    firstTime: !first ? 'not-run' : first.every((r) => r.ok) ? 'passed' : 'failed',
  };
}

function buildTotals(input: ReportInput, tasks: readonly TaskReport[]): CycleTotals {
  const byState: Partial<Record<TaskState, number>> = {};
  for (const t of tasks) byState[t.state] = (byState[t.state] ?? 0) + 1;
  const mergedIds = new Set(
    input.tasks.filter((t) => t.transitions.some((x) => x.to === 'merged')).map((t) => t.id),
  );
  const starts = input.tasks.flatMap((t) => t.transitions.filter((x) => x.to === 'running').map((x) => x.at));
  const merges = input.tasks.flatMap((t) => t.transitions.filter((x) => x.to === 'merged').map((x) => x.at));
  const spanMs = starts.length && merges.length ? Math.max(...merges) - Math.min(...starts) : null;
  const settled = cycleSettled(input);
  const sum = (f: (t: TaskReport) => number): number => tasks.reduce((s, t) => s + f(t), 0);
  const tokens: TaskTokens = {
    input: sum((t) => t.tokens.input),
    output: sum((t) => t.tokens.output),
    cacheRead: sum((t) => t.tokens.cacheRead),
    cacheWrite: sum((t) => t.tokens.cacheWrite),
    total: sum((t) => t.tokens.total),
  };
  const gateRuns = sum((t) => t.gates.runs);
  const gatePasses = sum((t) => t.gates.passed);
  const verified = tasks.filter((t) => t.gates.firstTime !== 'not-run');
  const firstTimePasses = verified.filter((t) => t.gates.firstTime === 'passed').length;
  const queueRuns = input.queueRuns ?? [];
  const queuePasses = queueRuns.filter((r) => r.ok).length;
  const learnings = Object.fromEntries(LEARNING_STATUSES.map((s) => [s, 0])) as Record<
    LearningStatus,
    number
  >;
  for (const l of input.learnings ?? []) learnings[l.status] += 1;
  return {
    tasks: tasks.length,
    byState,
    merged: mergedIds.size,
    spanMs,
    wallMs: starts.length ? Math.max(0, settled.at - Math.min(...starts)) : null,
    settled: settled.done,
    throughputPerHour: spanMs && spanMs > 0 ? mergedIds.size / (spanMs / HOUR) : null,
    tokens,
    costUsd: sum((t) => t.costUsd),
    costUnknown: tasks.some((t) => t.costUnknown),
    attempts: sum((t) => t.attempts),
    fixIterations: sum((t) => t.fixIterations),
    gateRuns,
    gatePasses,
    gatePassRate: ratio(gatePasses, gateRuns),
    firstTimePasses,
    tasksVerified: verified.length,
    firstTimePassRate: ratio(firstTimePasses, verified.length),
    scopeViolations: sum((t) => t.scopeViolations),
    queueTestRuns: queueRuns.length,
    queuePasses,
    queuePassRate: ratio(queuePasses, queueRuns.length),
    queueConflicts: input.queueConflicts?.length ?? 0,
    medianQueueWaitMs: median(tasks.flatMap((t) => (t.queueWaitMs === null ? [] : [t.queueWaitMs]))),
    review: reviewTotals(tasks),
    learnings,
  };
}

function reviewTotals(tasks: readonly TaskReport[]): CycleTotals['review'] {
  const reviewed = tasks.flatMap((t) => (t.review ? [t.review] : []));
  const add = (f: (r: TaskReviewSummary) => number): number => reviewed.reduce((n, r) => n + f(r), 0);
  return {
    tasks: reviewed.length,
    rounds: add((r) => r.rounds),
    waitingMs: add((r) => r.waitingMs),
    filesDiscarded: add((r) => r.filesDiscarded),
  };
}

/**
 * When the cycle's run settled: the latest moment one of its tasks stopped moving on its own (merged,
 * or came to wait on a person: review, blocked, paused, failed, conflict, abandoned). A task still in
 * flight means the run has not settled: the cycle's time runs to `generatedAt`. Moves after a merge
 * (`grove clean`, days later) and tasks that never started do not count.
 */
function cycleSettled(input: ReportInput): { at: number; done: boolean } {
  let at = -Infinity;
  for (const task of input.tasks) {
    const transitions = [...task.transitions].sort((a, b) => a.at - b.at);
    const last = transitions[transitions.length - 1];
    if (!last || NOT_STARTED_STATES.includes(last.to)) continue;
    if (IN_FLIGHT_STATES.includes(last.to)) return { at: input.generatedAt, done: false };
    const merged = MERGED_STATES.includes(last.to)
      ? transitions.find((t) => t.to === 'merged')?.at
      : undefined;
    at = Math.max(at, merged ?? last.at);
  }
  return at === -Infinity ? { at: input.generatedAt, done: false } : { at, done: true };
}

function ratio(n: number, d: number): number | null {
  return d === 0 ? null : n / d;
}

function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}
