import type { TaskState } from '../../shared/task-state.js';
import type { BestOfOutcome } from '../best-of/settle.js';

/** A message for the lead: a terminal line, a dashboard event, `notify.command`. */
export interface Notification {
  kind: 'budget' | 'stuck' | 'blocked' | 'review' | 'done';
  taskId: string | null;
  message: string;
}

export type StuckReason =
  { kind: 'repeated-failure'; fingerprint: string; repeats: number } | { kind: 'idle'; idleMs: number };

export type BlockReason =
  | { kind: 'dependency-failed'; dependency: string; dependencyState: TaskState }
  | { kind: 'dependency-missing'; dependency: string }
  | { kind: 'fix-iterations-exhausted'; iterations: number; gate: string }
  | { kind: 'stuck'; reason: StuckReason; reassignments: number }
  | { kind: 'stuck-policy'; reason: StuckReason };

/** What to do with a task that is stuck: a fresh session (maybe another agent) or a person. */
export type StuckResolution = { kind: 'reassign'; agent: string } | { kind: 'block'; reason: BlockReason };

/**
 * One thing the app should do. Each names its task and the state it should move to (checked again
 * against the state machine when applied). Decisions are listed in a fixed order: per-task decisions by
 * task id, then starts by priority, then `done`.
 */
export type Decision =
  /** planned → ready: every dependency is merged. */
  | { kind: 'mark-ready'; taskId: string; to: 'ready' }
  /** → blocked: a dependency failed/was abandoned/does not exist, or fixes ran out. */
  | { kind: 'block'; taskId: string; to: 'blocked'; reason: BlockReason; notify: Notification }
  /**
   * ready/reassigned → running: start an attempt in a new session. `initial` for a task's first attempt,
   * `retry` after earlier ones, `reassign` for a stuck task (its prompt says what failed; maybe another agent).
   */
  | {
      kind: 'start';
      taskId: string;
      to: 'running';
      agent: string;
      attemptKind: 'initial' | 'retry' | 'reassign';
      /** For a task with `host: any`: the config host chosen for it (the one with most free slots). */
      host?: string;
    }
  /**
   * running/fixing → paused: stop the attempt, the budget is (nearly) spent: its tokens (`used`,
   * `limit`), or, with `usd`, its dollar budget.
   */
  | {
      kind: 'pause-for-budget';
      taskId: string;
      to: 'paused';
      used: number;
      limit: number;
      exceeded: boolean;
      usd?: { used: number; limit: number };
      notify: Notification;
    }
  /** → stuck, then at once the resolution (stuck → reassigned, or stuck → blocked). */
  | {
      kind: 'stuck';
      taskId: string;
      to: 'stuck';
      reason: StuckReason;
      then: StuckResolution;
      notify: Notification;
    }
  /** A task already in `stuck` (e.g. after a restart): carry out the resolution. */
  | { kind: 'resolve-stuck'; taskId: string; then: StuckResolution; notify: Notification }
  /** verifying/conflict → fixing: resume the agent session with the failure. */
  | { kind: 'fix'; taskId: string; to: 'fixing'; gate: string; fingerprint: string; iteration: number }
  /** verifying → verified: every gate passed. */
  | { kind: 'mark-verified'; taskId: string; to: 'verified' }
  /** verified → queued: hand the task to the merge queue. */
  | { kind: 'enqueue'; taskId: string; to: 'queued' }
  /** verified → review: config `review.code: required` and no approval stands for the verified commit. */
  | { kind: 'await-review'; taskId: string; to: 'review'; notify: Notification }
  /**
   * Every attempt of a best-of task has settled: record the ranking, keep each attempt's branch as a
   * backup ref, give up the ones `outcome.abandon` names. `taskId` is the group (the task file's id).
   */
  | { kind: 'best-of'; taskId: string; outcome: BestOfOutcome; notify: Notification }
  /** Nothing can move without a person: every task is finished, blocked, failed or paused. */
  | { kind: 'done'; merged: string[]; needsPerson: string[]; abandoned: string[]; notify: Notification };
