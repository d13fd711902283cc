// An id a command is given must name a task grove knows (a task file, or a row in the state): the
// same TASK_NOT_FOUND (exit 4) on every command, before anything is done.
import type { ProjectContext } from '../app/context.js';
import { assertTaskId } from '../app/workspace/naming.js';
import { GroveError } from '../shared/errors.js';

export function requireKnownTasks(ctx: ProjectContext, ids: readonly string[]): void {
  for (const id of ids) {
    assertTaskId(id);
    if (ctx.tasks.some((t) => t.id === id) || ctx.store.get(id)) continue;
    throw new GroveError('TASK_NOT_FOUND', `no task "${id}"`, {
      hint: 'see the task ids with `grove status`, or create one with `grove task new <title>`',
    });
  }
}
