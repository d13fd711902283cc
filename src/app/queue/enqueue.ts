import { GroveError } from '../../shared/errors.js';
import type { ProjectContext } from '../context.js';
import { queueTask } from '../task-commands/enqueue.js';
import type { CommandDoor } from '../task-commands/result.js';

/**
 * verified → queued, with a queue entry at the tail (a task already queued keeps its place): the
 * `queueTask` command, for callers that treat a refusal as an error (`grove integrate`, the run loop).
 */
export function enqueueTask(ctx: ProjectContext, taskId: string, by: CommandDoor): void {
  const result = queueTask(ctx, taskId, by);
  if (result.kind === 'refused')
    throw new GroveError(result.code, result.message, result.hint === undefined ? {} : { hint: result.hint });
}
