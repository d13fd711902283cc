import { actionApplies } from '../../shared/task-actions.js';
import { done, moveThenStop, raced, wrongState } from './common.js';
import type { TaskCommandDeps } from './deps.js';
import type { CommandDoor, CommandResult } from './result.js';

/** Stops a task's agent and holds the task for the lead (blocked). */
export async function stopTask(deps: TaskCommandDeps, id: string, by: CommandDoor): Promise<CommandResult> {
  const task = deps.store.require(id);
  if (!actionApplies('stop', task.state)) return wrongState(task, 'stop', 'unfinished, not yet blocked');
  const step = { action: 'stop', to: 'blocked', cause: 'stopped by the lead', reason: 'killed' } as const;
  const moved = await moveThenStop(deps, task, by, { ...step, data: { kind: 'stopped' } });
  if (!moved) return raced(id);
  return done(
    deps,
    task,
    'stop',
    'blocked',
    `${id} stopped${moved.stopped ? ' (agent stopped)' : ''}; it waits for you: \`grove resume ${id}\`, \`grove retry ${id}\` or \`grove abandon ${id}\``,
  );
}
