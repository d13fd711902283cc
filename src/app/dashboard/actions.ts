import type { ActionResult, DashboardAction } from '../../shared/api.js';
import type { TaskState } from '../../shared/task-state.js';
import type { DashboardSources } from './sources.js';

interface Move {
  to: TaskState;
  from: readonly TaskState[];
  cause: string;
}

/**
 * The task actions the dashboard carries out itself, as state transitions with a cause. The
 * scheduler acts on the new state (stops the agent of a paused or abandoned task, starts a ready one).
 */
const MOVES: Record<'pause' | 'resume' | 'stop' | 'retry' | 'reassign' | 'enqueue', Move> = {
  pause: {
    to: 'paused',
    from: ['ready', 'running', 'fixing', 'verifying'],
    cause: 'paused from the dashboard',
  },
  resume: { to: 'ready', from: ['paused', 'blocked', 'stuck'], cause: 'resumed from the dashboard' },
  stop: {
    to: 'abandoned',
    from: [
      'planned',
      'ready',
      'running',
      'paused',
      'verifying',
      'fixing',
      'verified',
      'queued',
      'stuck',
      'reassigned',
      'blocked',
      'conflict',
      'failed',
    ],
    cause: 'stopped from the dashboard',
  },
  retry: {
    to: 'ready',
    from: ['failed', 'blocked', 'stuck', 'abandoned', 'conflict'],
    cause: 'retried from the dashboard',
  },
  reassign: {
    to: 'reassigned',
    from: ['running', 'paused', 'fixing', 'stuck', 'blocked', 'failed'],
    cause: 'reassigned from the dashboard',
  },
  enqueue: { to: 'queued', from: ['verified', 'conflict'], cause: 'enqueued from the dashboard' },
};

function move(
  sources: DashboardSources,
  taskId: string,
  m: Move,
  data: Record<string, unknown> = {},
): ActionResult {
  const task = sources.tasks.require(taskId);
  if (!m.from.includes(task.state)) {
    return {
      kind: 'refused',
      message: `task ${taskId} is ${task.state}; this action applies to ${m.from.join(', ')} tasks`,
    };
  }
  const moved = sources.tasks.transition(taskId, m.to, m.cause, {
    expectFrom: m.from,
    data: { ...data, by: 'dashboard' },
  });
  if (!moved) return { kind: 'refused', message: `task ${taskId} changed state meanwhile; look again` };
  return { kind: 'done', message: `${taskId}: ${task.state} → ${m.to}`, taskId, state: m.to };
}

export function act(sources: DashboardSources, action: DashboardAction): ActionResult {
  switch (action.kind) {
    case 'pause':
    case 'stop':
    case 'retry':
    case 'enqueue':
      return move(sources, action.taskId, MOVES[action.kind]);
    case 'resume': {
      const task = sources.tasks.require(action.taskId);
      if (!MOVES.resume.from.includes(task.state)) return move(sources, action.taskId, MOVES.resume);
      const add = action.addTokens ?? 0;
      const budget = (task.budget_tokens ?? sources.config.budgets.tokens) + add;
      if (add > 0) sources.tasks.patch(action.taskId, { budget_tokens: budget });
      return move(sources, action.taskId, MOVES.resume, { budget, addTokens: add });
    }
    case 'reassign': {
      const task = sources.tasks.require(action.taskId);
      if (!MOVES.reassign.from.includes(task.state)) return move(sources, action.taskId, MOVES.reassign);
      if (action.agent !== undefined) sources.tasks.patch(action.taskId, { agent: action.agent });
      return move(sources, action.taskId, MOVES.reassign, { agent: action.agent ?? task.agent });
    }
    case 'approve-scope':
      return {
        kind: 'unsupported',
        message: 'scope approval needs the ownership store, not built into this grove yet',
      };
    case 'learning-accept':
    case 'learning-edit':
    case 'learning-reject':
      return { kind: 'unsupported', message: 'learnings are not built into this grove yet' };
  }
}
