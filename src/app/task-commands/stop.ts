import { canTransition } from '../../shared/task-state-machine.js';
import { done, liveAttempt, move, raced, stopLive, wrongState } from './common.js';
import type { TaskCommandDeps } from './deps.js';
import type { CommandDoor, CommandResult } from './result.js';

/** Stops a task's agent and holds the task for the lead (blocked). */
export async function stopTask(deps: TaskCommandDeps, id: string, by: CommandDoor): Promise<CommandResult> {
  const task = deps.store.require(id);
  const live = liveAttempt(deps, id);
  if (!canTransition(task.state, 'blocked')) return wrongState(task, 'stop', 'unfinished, not yet blocked');
  if (!move(deps, task, by, 'stop', 'blocked', 'stopped by the lead', { kind: 'stopped' })) return raced(id);
  const stopped = await stopLive(deps, live, 'killed');
  return done(
    deps,
    task,
    'stop',
    'blocked',
    `${id} stopped${stopped ? ' (agent stopped)' : ''}; it waits for you: \`grove resume ${id}\`, \`grove retry ${id}\` or \`grove abandon ${id}\``,
  );
}
