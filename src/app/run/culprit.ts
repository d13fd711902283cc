// A culprit of a failed merge-queue batch goes back to its agent (the fix loop), or, when it cannot,
// waits for a person (conflict or blocked). One implementation for `grove run`/`up` (the run loop's
// queue hook) and `grove integrate` (the queue run without a scheduler).
import type { SendBackFailure } from '../../core/scheduler/index.js';
import type { TaskState } from '../../shared/task-state.js';
import type { ProjectContext } from '../context.js';
import { parkCulprit } from '../queue/park.js';
import type { QueueFailure } from '../queue/types.js';
import type { RunRuntime } from './runtime.js';
import { sendBack, withDetachedRuntime } from './send-back.js';

export type CulpritOutcome =
  /** Sent back to its agent; `state` is where that left the task (fixing, blocked or conflict). */
  | { kind: 'sent-back'; taskId: string; state: TaskState }
  /** It could not go back (e.g. its agent would not start): parked for a person (conflict or blocked). */
  | { kind: 'held'; taskId: string; state: TaskState; error: string };

export function queueFailureToSendBack(f: QueueFailure): SendBackFailure {
  return f.kind === 'conflict'
    ? { source: 'conflict', files: f.files, base: f.base }
    : {
        source: 'queue',
        gate: 'queue',
        command: f.command,
        outputTail: f.outputTail,
        fingerprint: f.fingerprint,
      };
}

export async function returnCulprit(
  rt: RunRuntime,
  taskId: string,
  failure: QueueFailure,
): Promise<CulpritOutcome> {
  try {
    await sendBack(rt, taskId, queueFailureToSendBack(failure));
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
