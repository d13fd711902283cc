import { approvedVerified } from '../review/approved.js';
import { IN_QUEUE_STATES } from '../../shared/task-state.js';
import { done, move, raced, wrongState } from './common.js';
import type { TaskCommandDeps } from './deps.js';
import type { CommandDoor, CommandResult } from './result.js';

/** verified → queued, with a queue entry at the tail; a task already in the queue keeps its place. */
export function queueTask(deps: TaskCommandDeps, id: string, by: CommandDoor): CommandResult {
  const task = deps.store.require(id);
  if (IN_QUEUE_STATES.includes(task.state)) {
    deps.stores.queue.add(id);
    return done(deps, task, 'enqueue', task.state, `${id} is already in the merge queue`);
  }
  if (task.state !== 'verified') return wrongState(task, 'enqueue', 'verified');
  if (deps.config.review.code === 'required' && !approvedVerified(deps.stores, task)) {
    return {
      kind: 'refused',
      code: 'STATE_INVALID',
      message: `task ${id} needs a person's review before it joins the merge queue (config review.code: required)`,
      hint: `\`grove run\` hands it to review; then \`grove review ${id}\` and \`grove approve ${id}\``,
    };
  }
  if (!move(deps, task, by, 'enqueue', 'queued', 'verified: waiting in the merge queue')) return raced(id);
  deps.stores.queue.add(id);
  return done(deps, task, 'enqueue', 'queued', `${id} joined the merge queue`);
}
