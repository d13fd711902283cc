import type { ReportBestOf, ReportSpend } from './input.js';
import type { TaskState } from '../../shared/task-state.js';
import type { LearningStatus } from '../learnings/types.js';

/** Gate results of one task: `firstTime` is whether its first verification round passed every gate. */
export interface TaskGateSummary {
  runs: number;
  passed: number;
  rounds: number;
  firstTime: 'passed' | 'failed' | 'not-run';
}

export interface TaskTokens {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  /** input + output + cacheWrite, as budgets count them. */
  total: number;
}

export interface TaskReport {
  id: string;
  title: string;
  agent: string | null;
  /** The config host its agent ran on; null: this machine. */
  host: string | null;
  /** The state after the task's last transition. */
  state: TaskState;
  /** First start to merge (or to now / the last transition when not merged); null if it never ran. */
  wallMs: number | null;
  attempts: number;
  fixIterations: number;
  reassignments: number;
  tokens: TaskTokens;
  /** The known part of the cost; with `costUnknown`, a lower bound. */
  costUsd: number;
  costUnknown: boolean;
  gates: TaskGateSummary;
  scopeViolations: number;
  /** Time spent in `queued` (waiting for the merge queue); null if never queued. */
  queueWaitMs: number | null;
  /** Time spent in `integrating`. */
  integratingMs: number | null;
  /** Milliseconds per state, from the transitions. */
  timeInState: Partial<Record<TaskState, number>>;
  /** The review stage (config `review.code: required`); null when the task never waited in review. */
  review: TaskReviewSummary | null;
}

export interface TaskReviewSummary {
  /** Times the task came to `review` (the first look, and each return after changes or a discard). */
  rounds: number;
  /** Time spent in `review`: waiting for a person to look and decide. */
  waitingMs: number;
  /**
   * The whole review stage: from first arriving in review to leaving it for the last time (or to now),
   * including the agent's fixes and the gates run again in between.
   */
  inReviewMs: number;
  /** Distinct files whose changes a reviewer discarded (`grove discard`). */
  filesDiscarded: number;
}

export interface CycleTotals {
  tasks: number;
  byState: Partial<Record<TaskState, number>>;
  merged: number;
  /** From the first agent start to the last merge; null with no start or no merge. */
  spanMs: number | null;
  /**
   * The cycle's wall time: from the first agent start to when the run settled (every task merged or
   * waiting on a person), or to `generatedAt` while tasks still move; null with no start.
   */
  wallMs: number | null;
  /** Whether the run has settled (no task still moving on its own). */
  settled: boolean;
  /** Tasks merged per hour over `spanMs`; null when it cannot be measured. */
  throughputPerHour: number | null;
  tokens: TaskTokens;
  costUsd: number;
  /** Some task's cost is (partly) unknown: `costUsd` is a lower bound. */
  costUnknown: boolean;
  attempts: number;
  fixIterations: number;
  gateRuns: number;
  gatePasses: number;
  /** gatePasses / gateRuns; null without gate runs. */
  gatePassRate: number | null;
  /** Tasks whose first gate round passed, of the tasks that had one. */
  firstTimePasses: number;
  tasksVerified: number;
  firstTimePassRate: number | null;
  scopeViolations: number;
  queueTestRuns: number;
  queuePasses: number;
  queuePassRate: number | null;
  /** Candidates rejected as conflicts with the base (not test runs). */
  queueConflicts: number;
  /** Review rounds, time waiting for review and files discarded, over the tasks that were reviewed. */
  review: { tasks: number; rounds: number; waitingMs: number; filesDiscarded: number };
  /** Median of the tasks' queue waits. */
  medianQueueWaitMs: number | null;
  learnings: Record<LearningStatus, number>;
}

export interface CycleReport {
  cycle: number | null;
  generatedAt: number;
  tasks: TaskReport[];
  totals: CycleTotals;
  /** Spend caps and the running tasks' forecast, as given in the input. */
  spend?: ReportSpend;
  /** Each best-of task: the ranking, grove's pick, and the attempt that landed (merged), if one did. */
  bestOf?: ReadonlyArray<ReportBestOf & { landed?: string }>;
}
