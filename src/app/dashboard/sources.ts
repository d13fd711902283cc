import type { UnpricedUsage } from '../../core/cost.js';
import type { LearningStore } from '../../infra/db/learning-store.js';
import type { ReportStores } from '../report/report-input.js';
import type { QueueView } from '../../shared/api.js';
import type { Config } from '../../shared/config.js';
import type { TaskStore } from '../../infra/db/task-store.js';
import type { TaskCommandDeps } from '../task-commands/index.js';
import type { JournalReader } from './journal-reader.js';
import type { ReviewSource } from './review.js';

/**
 * The stores the dashboard reads, typed structurally so the dashboard builds against the stores as
 * they land. A missing store means that part of grove is not built into this process: its views
 * are empty and say so, never invented.
 */
export interface UsageTotalsLike {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  total: number;
  costUsd: number;
  unpriced: UnpricedUsage[];
}
export interface UsageSource {
  perTask(): Record<string, UsageTotalsLike>;
  series(taskId: string): Array<{ at: number; total: number }>;
}
export interface AttemptLike {
  id: number;
  n: number;
  kind: string;
  agent: string;
  adapter: string;
  session_id: string | null;
  started_at: number;
  ended_at: number | null;
  exit_code: number | null;
  outcome: string | null;
}
export interface AttemptSource {
  listForTask(taskId: string): AttemptLike[];
}
export interface GateRunLike {
  gate: string;
  command: string;
  ok: boolean;
  exit_code: number | null;
  timed_out: boolean;
  duration_ms: number;
  output_tail: string;
  at: number;
}
export interface GateSource {
  listForTask(taskId: string): GateRunLike[];
  latestByGate(taskId: string): GateRunLike[];
}

export interface DashboardSources {
  config: Config;
  /** The main checkout (git runs here when a task has no worktree). */
  repoRoot: string;
  tasks: TaskStore;
  journal: JournalReader;
  usage?: UsageSource;
  attempts?: AttemptSource;
  gates?: GateSource;
  /** Learning proposals (grove retro's store). */
  learnings?: LearningStore;
  /** What the cycle report reads (the one builder in src/app/report/report-input.ts). */
  reportStores: ReportStores;
  /** The merge queue as the page shows it. */
  queueView?: () => QueueView;
  /** The review page's data (review view, interdiff); absent, the page says there is none. */
  review?: ReviewSource;
  now: () => number;
  /** What the lead's actions run with: the same deps the CLI's task commands get (a ProjectContext). */
  commands: TaskCommandDeps;
}
