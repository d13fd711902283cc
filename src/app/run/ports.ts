// The one place the run loop reaches the verify, merge-queue and conflict use cases: tests pass other
// ports to drive the loop through outcomes that are slow or rare with the real ones.
import type { ProjectContext } from '../context.js';
import { verifyTask } from '../verify/verify-task.js';
import type { VerifyOutcome } from '../verify/verify-task.js';
import { predictConflicts } from '../conflicts/index.js';
import { enqueueTask, startQueueRunner } from '../queue/index.js';
import type { QueueHooks, QueueRunner } from '../queue/types.js';
import type { CommandDoor } from '../task-commands/result.js';

export type { QueueFailure, QueueHooks, QueueRunner } from '../queue/types.js';
export type { VerifyOutcome } from '../verify/verify-task.js';

export interface RunPorts {
  verifyTask(
    ctx: ProjectContext,
    taskId: string,
    opts?: { attemptId?: number; signal?: AbortSignal },
  ): Promise<VerifyOutcome>;
  /** verified → queued (+ queue row). */
  enqueueTask(ctx: ProjectContext, taskId: string, by: CommandDoor): void;
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
