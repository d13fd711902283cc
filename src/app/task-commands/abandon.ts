import { canTransition } from '../../shared/task-state-machine.js';
import { done, liveAttempt, move, raced, stopLive, wrongState } from './common.js';
import type { TaskCommandDeps } from './deps.js';
import type { CommandDoor, CommandResult } from './result.js';

/** Gives a task up for good; its worktree and branch stay until `grove clean`. */
export async function abandonTask(
  deps: TaskCommandDeps,
  id: string,
  by: CommandDoor,
): Promise<CommandResult> {
  const task = deps.store.require(id);
  const live = liveAttempt(deps, id);
  if (!canTransition(task.state, 'abandoned')) return wrongState(task, 'abandon', 'unfinished');
  if (!move(deps, task, by, 'abandon', 'abandoned', 'abandoned by the lead')) return raced(id);
  const stopped = await stopLive(deps, live, 'killed');
  return done(
    deps,
    task,
    'abandon',
    'abandoned',
    `${id} abandoned${stopped ? ' (agent stopped)' : ''}; its worktree and branch are kept (\`grove clean ${id}\` removes them)`,
  );
}
