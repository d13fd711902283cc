import { GroveError } from '../../shared/errors.js';
import { IN_QUEUE_STATES } from '../../shared/task-state.js';
import type { ProjectContext } from '../context.js';

/** verified → queued, with a queue entry at the tail. A task already queued keeps its place. */
export function enqueueTask(ctx: ProjectContext, taskId: string): void {
  const task = ctx.store.require(taskId);
  const queue = ctx.stores.queue;
  if (IN_QUEUE_STATES.includes(task.state)) {
    queue.add(taskId);
    return;
  }
  if (
    ctx.store.transition(taskId, 'queued', 'verified: waiting in the merge queue', {
      expectFrom: ['verified'],
    }) !== 'moved'
  ) {
    throw new GroveError(
      'STATE_INVALID',
      `${taskId} is ${ctx.store.require(taskId).state}, not verified: it cannot join the merge queue`,
      {
        hint: 'only tasks whose gates passed are queued; see `grove status`',
      },
    );
  }
  queue.add(taskId);
}
