import type { TaskState } from '../../shared/task-state.js';
import type { LearningStatus } from '../learnings/types.js';
import type { CapCheck } from '../spend.js';
import type { FleetForecast } from '../spend-forecast.js';

/**
 * Everything a cycle report is computed from: rows the stores already keep (the state-transition
 * events, attempts, usage, gate runs, merge-queue test runs, learnings), as plain data. Nothing else:
 * every figure in the report can be traced back to these.
 */
export interface ReportInput {
  cycle?: number;
  /** When the report is made: the end of the span for tasks still moving. */
  generatedAt: number;
  tasks: readonly ReportTaskInput[];
  /** Merge-queue candidate test runs. */
  queueRuns?: readonly ReportQueueRun[];
  /** Merge-queue rejections for a conflict with the base (no test ran): counted apart from test runs. */
  queueConflicts?: readonly ReportQueueConflict[];
  learnings?: readonly ReportLearning[];
  /** The fleet's spend caps and the forecast of the running tasks (src/core/spend*.ts), when known. */
  spend?: ReportSpend;
  /** Best-of tasks (spec `attempts`): how grove ranked their attempts (the journal's `best-of` events). */
  bestOf?: readonly ReportBestOf[];
}

/** One best-of task: its attempts best first, grove's pick (or the one sent to the fix loop). */
export interface ReportBestOf {
  group: string;
  ranked: ReadonlyArray<{ id: string; rank: number; passes: boolean; why: string }>;
  pick?: string;
  fix?: string;
}

export interface ReportSpend {
  caps: readonly CapCheck[];
  forecast: FleetForecast;
}

export interface ReportTransition {
  /** null for the task's first event (it was loaded from its spec). */
  from: TaskState | null;
  to: TaskState;
  at: number;
  cause: string;
  /** For a move to `fixing`: a failed gate sent back (`fix`) or a queue conflict (`conflict`). */
  kind?: string;
  /** A discard in review (kind `review-discard`): the files the reviewer dropped. */
  files?: readonly string[];
}

export interface ReportAttempt {
  n: number;
  /** 'initial' | 'fix' | 'resume' | 'reassign' | 'retry' */
  kind: string;
  startedAt: number;
  endedAt: number | null;
  outcome: string | null;
}

export interface ReportUsage {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  /** What is known of the cost (reported by the agent, or priced from config `prices`). */
  costUsd: number;
  /** Part of the cost is unknown: an agent reported none and its model has no price. */
  costUnknown?: boolean;
}

export interface ReportGateRun {
  gate: string;
  ok: boolean;
  at: number;
  durationMs: number;
}

export interface ReportTaskInput {
  id: string;
  title?: string;
  agent?: string | null;
  /** The config host its agent ran on; null or absent: this machine. */
  host?: string | null;
  /** In time order. */
  transitions: readonly ReportTransition[];
  attempts: readonly ReportAttempt[];
  usage: ReportUsage;
  gateRuns: readonly ReportGateRun[];
  /** Paths changed outside the task's `owns`. */
  scopeViolations?: readonly string[];
}

export interface ReportQueueRun {
  at: number;
  durationMs: number;
  /** Task ids in the candidate (queue order). */
  tasks: readonly string[];
  ok: boolean;
}

export interface ReportQueueConflict {
  taskId: string;
  at: number;
}

export interface ReportLearning {
  id: string;
  status: LearningStatus;
}
