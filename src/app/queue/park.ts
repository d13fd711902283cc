// A merge-queue culprit that will not go back to its agent waits for a person: `conflict` for a
// conflict, `blocked` for a failed queue test. One implementation for `integrateNow` without hooks and
// for the run loop's send-back when the agent cannot be restarted.
import type { TaskState } from '../../shared/task-state.js';
import type { ProjectContext } from '../context.js';
import type { QueueFailure } from './types.js';

export function describeQueueFailure(f: QueueFailure): string {
  return f.kind === 'conflict'
    ? `conflicts with ${f.base} in ${f.files.join(', ')}`
    : `the merge queue's test failed on it (${f.command})`;
}

/**
 * Moves the culprit (still `integrating`) to conflict or blocked with why, plus `extra` (e.g. why it
 * could not go back), and tells the lead. Returns the task's state afterwards.
 */
export function parkCulprit(
  ctx: Pick<ProjectContext, 'store' | 'stores'>,
  taskId: string,
  failure: QueueFailure,
  extra?: string,
): TaskState {
  const to = failure.kind === 'conflict' ? 'conflict' : 'blocked';
  const why = extra ? `${describeQueueFailure(failure)}; ${extra}` : describeQueueFailure(failure);
  if (ctx.store.transition(taskId, to, why, { expectFrom: ['integrating'] }) === 'moved') {
    ctx.stores.notifications.add({ taskId, kind: 'blocked', message: `${taskId}: ${why}` });
  }
  return ctx.store.require(taskId).state;
}
