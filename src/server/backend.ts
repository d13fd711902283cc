import type {
  ActionResult,
  AttachCommand,
  BoardSnapshot,
  ConflictMatrix,
  DashboardAction,
  JournalEvent,
  AgentsMdView,
  LearningEvidenceView,
  LearningView,
  PlanView,
  TrendRowView,
  QueueView,
  ReportView,
  ReviewCompare,
  ReviewInterdiff,
  ReviewPage,
  ReviewQueue,
  TaskDetail,
} from '../shared/api.js';

/**
 * What the dashboard server needs from the rest of grove. The composition root
 * (src/app/dashboard/backend.ts) wires the real one over the stores; tests may wire their own.
 */
export interface DashboardBackend {
  /** Every task with its state, agent, tokens against budget, gates, conflicts and age. */
  snapshot(): Promise<BoardSnapshot>;
  /** Throws GroveError TASK_NOT_FOUND for an unknown id. */
  task(id: string): Promise<TaskDetail>;
  conflicts(): Promise<ConflictMatrix>;
  queue(): Promise<QueueView>;
  learnings(): Promise<LearningView[]>;
  /** What a proposal's evidence points at; throws USAGE for an unknown id. */
  learningEvidence(id: string): Promise<LearningEvidenceView>;
  /** AGENTS.md's size against its budget, and its entries. */
  agentsMd(): Promise<AgentsMdView>;
  report(): Promise<ReportView>;
  /** The plan as the specs on disk lay it out, against the lead's latest approval. */
  plan(): Promise<PlanView>;
  /** Per cycle, whether compounding works (the figures of `grove report --trend`). */
  trend(): Promise<TrendRowView[]>;
  /** Journal rows with id > afterId, oldest first, at most `limit`. */
  eventsSince(afterId: number, limit: number): JournalEvent[];
  /** The newest journal id (0 when empty): where a fresh stream without a cursor starts. */
  lastEventId(): number;
  /** Tasks waiting in `review`, oldest first. */
  reviewQueue(): Promise<ReviewQueue>;
  /** A task's review view and its diff per file; TASK_NOT_FOUND for an unknown id. */
  reviewPage(id: string): Promise<ReviewPage>;
  /** Changes since the task's latest review that is not void. */
  reviewInterdiff(id: string): Promise<ReviewInterdiff>;
  /** The diff from one attempt of a best-of task to another. */
  reviewCompare(id: string, other: string): Promise<ReviewCompare>;
  act(action: DashboardAction): Promise<ActionResult>;
  /** "Open in terminal" for a task; undefined when there is nothing to attach to. */
  attachCommand(taskId: string): AttachCommand | undefined;
}
