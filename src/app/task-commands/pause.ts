import { actionApplies } from '../../shared/task-actions.js';
import { done, moveThenStop, raced, wrongState } from './common.js';
import type { TaskCommandDeps } from './deps.js';
import type { CommandDoor, CommandResult } from './result.js';

/**
 * Pauses a running task: stops its agent, keeps its worktree and session. `cause` says why when it is not
 * the lead's own pause (the run loop stopping with --stop-agents).
 */
export async function pauseTask(
  deps: TaskCommandDeps,
  id: string,
  by: CommandDoor,
  cause = 'paused by the lead',
): Promise<CommandResult> {
  const task = deps.store.require(id);
  if (!actionApplies('pause', task.state)) return wrongState(task, 'pause', 'running, fixing or verifying');
  const step = { action: 'pause', to: 'paused', cause, reason: 'paused' } as const;
  const moved = await moveThenStop(deps, task, by, step);
  if (!moved) return raced(id);
  const how = moved.stopped ? 'agent stopped; worktree and session kept' : 'worktree and session kept';
  return done(deps, task, 'pause', 'paused', `${id} paused (${how}); continue with \`grove resume ${id}\``);
}
