import { actionApplies } from '../../shared/task-actions.js';
import { done, moveThenStop, raced, wrongState } from './common.js';
import type { TaskCommandDeps } from './deps.js';
import type { CommandDoor, CommandResult } from './result.js';

/** Sends a task back to ready for a fresh session (same worktree and branch). */
export async function retryTask(deps: TaskCommandDeps, id: string, by: CommandDoor): Promise<CommandResult> {
  const task = deps.store.require(id);
  if (!actionApplies('retry', task.state))
    return wrongState(task, 'retry', 'running, paused, fixing, blocked, failed or conflict');
  const step = {
    action: 'retry',
    to: 'ready',
    cause: 'retried by the lead: a fresh attempt',
    reason: 'killed',
  } as const;
  if (!(await moveThenStop(deps, task, by, { ...step, data: { fresh: true } }))) return raced(id);
  return done(
    deps,
    task,
    'retry',
    'ready',
    `${id} will start again in a fresh session (same worktree and branch)`,
  );
}
