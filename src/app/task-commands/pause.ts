import { PAUSABLE_STATES } from '../../shared/task-state.js';
import { done, liveAttempt, move, raced, stopLive, wrongState } from './common.js';
import type { TaskCommandDeps } from './deps.js';
import type { CommandDoor, CommandResult } from './result.js';

/** Pauses a running task: stops its agent, keeps its worktree and session. */
export async function pauseTask(deps: TaskCommandDeps, id: string, by: CommandDoor): Promise<CommandResult> {
  const task = deps.store.require(id);
  const live = liveAttempt(deps, id);
  if (!PAUSABLE_STATES.includes(task.state))
    return wrongState(task, 'pause', 'running, fixing or verifying');
  if (!move(deps, task, by, 'pause', 'paused', 'paused by the lead')) return raced(id);
  const stopped = await stopLive(deps, live, 'paused');
  const how = stopped ? 'agent stopped; worktree and session kept' : 'worktree and session kept';
  return done(deps, task, 'pause', 'paused', `${id} paused (${how}); continue with \`grove resume ${id}\``);
}
