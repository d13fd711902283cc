// A culprit of a failed merge-queue batch: grove brings the new base into its worktree (catch-up.ts),
// then its gates run again or it goes back to its agent (the fix loop), or, when it cannot, it waits for
// a person (conflict or blocked). One implementation for `grove run`/`up` (the run loop's
// queue hook) and `grove integrate` (the queue run without a scheduler).
import type { TaskState } from '../../shared/task-state.js';
import type { ProjectContext } from '../context.js';
import { parkCulprit } from '../queue/park.js';
import type { QueueFailure } from '../queue/types.js';
import type { RunRuntime } from './runtime.js';
import { catchUpCulprit } from './catch-up.js';
import { withDetachedRuntime } from './send-back.js';

export type CulpritOutcome =
  /** Sent back to its agent; `state` is where that left the task (fixing, blocked or conflict). */
  | { kind: 'sent-back'; taskId: string; state: TaskState }
  /** It could not go back (e.g. its agent would not start): parked for a person (conflict or blocked). */
  | { kind: 'held'; taskId: string; state: TaskState; error: string };

export async function returnCulprit(
  rt: RunRuntime,
  taskId: string,
  failure: QueueFailure,
): Promise<CulpritOutcome> {
  try {
    await catchUpCulprit(rt, taskId, failure);
    return { kind: 'sent-back', taskId, state: rt.stores.tasks.require(taskId).state };
  } catch (error) {
    const message = (error as Error).message;
    const state = parkCulprit(rt.ctx, taskId, failure, `could not go back to its agent: ${message}`);
    return { kind: 'held', taskId, state, error: message };
  }
}

/**
 * For callers outside the run loop: returns each culprit, leaving new attempts running detached;
 * the next `grove run`/`up` follows them.
 */
export async function returnCulpritsDetached(
  ctx: ProjectContext,
  culprits: ReadonlyArray<{ taskId: string; failure: QueueFailure }>,
): Promise<CulpritOutcome[]> {
  return withDetachedRuntime(ctx, async (rt) => {
    const out: CulpritOutcome[] = [];
    for (const c of culprits) out.push(await returnCulprit(rt, c.taskId, c.failure));
    return out;
  });
}
