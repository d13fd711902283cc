import { actionApplies } from '../../shared/task-actions.js';
import { done, moveThenStop, raced, wrongState } from './common.js';
import type { TaskCommandDeps } from './deps.js';
import type { CommandDoor, CommandResult } from './result.js';

/** Gives a task up for good; its worktree and branch stay until `grove clean`. */
export async function abandonTask(
  deps: TaskCommandDeps,
  id: string,
  by: CommandDoor,
): Promise<CommandResult> {
  const task = deps.store.require(id);
  if (!actionApplies('abandon', task.state)) return wrongState(task, 'abandon', 'unfinished');
  const step = {
    action: 'abandon',
    to: 'abandoned',
    cause: 'abandoned by the lead',
    reason: 'killed',
  } as const;
  const moved = await moveThenStop(deps, task, by, step);
  if (!moved) return raced(id);
  return done(
    deps,
    task,
    'abandon',
    'abandoned',
    `${id} abandoned${moved.stopped ? ' (agent stopped)' : ''}; its worktree and branch are kept (\`grove clean ${id}\` removes them)`,
  );
}
