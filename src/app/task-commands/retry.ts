import { canTransition } from '../../shared/task-state-machine.js';
import { done, liveAttempt, move, raced, stopLive, wrongState } from './common.js';
import type { TaskCommandDeps } from './deps.js';
import type { CommandDoor, CommandResult } from './result.js';

/** Sends a task back to ready for a fresh session (same worktree and branch). */
export async function retryTask(deps: TaskCommandDeps, id: string, by: CommandDoor): Promise<CommandResult> {
  const task = deps.store.require(id);
  const live = liveAttempt(deps, id);
  if (task.state === 'ready' || !canTransition(task.state, 'ready'))
    return wrongState(task, 'retry', 'running, paused, fixing, blocked, failed or conflict');
  const cause = 'retried by the lead: a fresh attempt';
  if (!move(deps, task, by, 'retry', 'ready', cause, { fresh: true })) return raced(id);
  await stopLive(deps, live, 'killed');
  return done(
    deps,
    task,
    'retry',
    'ready',
    `${id} will start again in a fresh session (same worktree and branch)`,
  );
}
