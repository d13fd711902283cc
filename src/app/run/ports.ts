// The one place the run loop reaches the verify, merge-queue and conflict use cases (built by other
// engineers at the same time). Until theirs land on main, small stand-ins keep the loop runnable:
// swap the imports here and nothing else changes.
import type { GateRunRow } from '../../infra/db/gate-store.js';
import type { ProjectContext } from '../context.js';
import { verifyTask } from '../verify/verify-task.js';
import { predictConflicts } from '../conflicts/index.js';
import { enqueueTask, startQueueRunner } from '../queue/index.js';

export type VerifyOutcome =
  | { kind: 'passed'; runs: GateRunRow[] }
  | {
      kind: 'failed';
      gate: string;
      command: string;
      outputTail: string;
      fingerprint: string;
      runs: GateRunRow[];
    }
  | { kind: 'scope-expansion'; paths: string[]; reason: string };

export type QueueFailure =
  | { kind: 'conflict'; files: string[]; base: string }
  | { kind: 'test-failed'; command: string; outputTail: string; fingerprint: string };

export interface QueueHooks {
  onMerged(taskId: string, commit: string): void;
  onCulprit(taskId: string, failure: QueueFailure): void;
}

export interface QueueRunner {
  kick(): void;
  stop(): Promise<void>;
  whenIdle(): Promise<void>;
}

export interface RunPorts {
  verifyTask(
    ctx: ProjectContext,
    taskId: string,
    opts?: { attemptId?: number; signal?: AbortSignal },
  ): Promise<VerifyOutcome>;
  /** verified → queued (+ queue row). */
  enqueueTask(ctx: ProjectContext, taskId: string): void;
  startQueueRunner(ctx: ProjectContext, hooks: QueueHooks): QueueRunner;
  /** Stores, journals and notifies predicted conflicts between active branches. */
  predictConflicts(ctx: ProjectContext): Promise<unknown>;
}

export const defaultPorts: RunPorts = {
  verifyTask,
  enqueueTask,
  startQueueRunner: (ctx, hooks) => startQueueRunner(ctx, hooks),
  predictConflicts: (ctx) => predictConflicts(ctx),
};
