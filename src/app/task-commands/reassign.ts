import { resolveAgent } from '../../core/agents.js';
import { canTransition } from '../../shared/task-state-machine.js';
import type { TaskState } from '../../shared/task-state.js';
import { done, liveAttempt, move, raced, stopLive, wrongState } from './common.js';
import type { TaskCommandDeps } from './deps.js';
import type { CommandDoor, CommandResult } from './result.js';

/** Gives a task to a fresh session of the same or another agent. */
export async function reassignTask(
  deps: TaskCommandDeps,
  id: string,
  by: CommandDoor,
  agent?: string,
): Promise<CommandResult> {
  const task = deps.store.require(id);
  const live = liveAttempt(deps, id);
  const wanted = agent ?? task.agent ?? deps.config.default_agent;
  const found = resolveAgent(deps.config, wanted);
  if (found.kind === 'unknown') {
    return {
      kind: 'refused',
      code: 'AGENT_NOT_FOUND',
      message: `no agent "${wanted}"`,
      hint: `known agents: ${found.known.join(', ')}`,
    };
  }
  const data = { reassign: true, fresh: true, agent: wanted };
  const cause = `reassigned by the lead to ${wanted}`;
  let to: TaskState;
  if (task.state !== 'ready' && canTransition(task.state, 'ready')) {
    to = 'ready';
    if (!move(deps, task, by, 'reassign', 'ready', cause, data)) return raced(id);
  } else if (task.state === 'stuck' || canTransition(task.state, 'stuck')) {
    if (
      task.state !== 'stuck' &&
      !move(deps, task, by, 'reassign', 'stuck', 'stuck: reassigned by the lead', data)
    )
      return raced(id);
    to = 'reassigned';
    if (!move(deps, { ...task, state: 'stuck' }, by, 'reassign', 'reassigned', cause, data)) return raced(id);
  } else {
    return wrongState(task, 'reassign', 'running, paused, fixing, verifying, stuck, blocked or failed');
  }
  deps.store.patch(id, { agent: wanted });
  await stopLive(deps, live, 'killed');
  return done(deps, task, 'reassign', to, `${id} reassigned to a fresh ${wanted} session`);
}
