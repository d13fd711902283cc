import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyAccepted } from '../../core/learnings/index.js';
import { approveScope } from '../verify/scope-approval.js';
import type { ActionResult, DashboardAction } from '../../shared/api.js';
import type { TaskState } from '../../shared/task-state.js';
import { assertTransition } from '../../shared/task-state-machine.js';
import type { DashboardSources } from './sources.js';

type TaskAction = Extract<DashboardAction, { taskId: string }>;

/**
 * Where each task action sends the task. The dashboard only records the transition (checked against
 * the state machine, with a cause and `by: 'dashboard'`); the scheduler carries it out: stops the
 * agent of a paused or abandoned task, starts a ready or reassigned one (resuming its session when it
 * has attempts), and the merge queue takes a queued one.
 */
const TARGET: Record<Exclude<TaskAction['kind'], 'approve-scope'>, { to: TaskState; cause: string }> = {
  pause: { to: 'paused', cause: 'paused from the dashboard' },
  resume: { to: 'ready', cause: 'resumed from the dashboard' },
  stop: { to: 'abandoned', cause: 'stopped from the dashboard' },
  retry: { to: 'ready', cause: 'retried from the dashboard' },
  reassign: { to: 'reassigned', cause: 'reassigned from the dashboard' },
  enqueue: { to: 'queued', cause: 'enqueued from the dashboard' },
};

function move(
  sources: DashboardSources,
  action: TaskAction & { kind: keyof typeof TARGET },
  before?: () => Record<string, unknown>,
): ActionResult {
  const { taskId } = action;
  const task = sources.tasks.require(taskId);
  const { to, cause } = TARGET[action.kind];
  const check = assertTransition(task.state, to);
  switch (check.kind) {
    case 'same':
      return { kind: 'refused', message: `${taskId}: ${check.message}` };
    case 'invalid':
      return { kind: 'refused', message: `${taskId}: ${check.message}` };
    case 'ok':
      break;
  }
  const data = { action: action.kind, by: 'dashboard', ...before?.() };
  // expectFrom: if the scheduler moved the task meanwhile, nothing is written.
  if (sources.tasks.transition(taskId, to, cause, { expectFrom: [task.state], data }) !== 'moved') {
    return { kind: 'refused', message: `${taskId} changed state meanwhile; look again` };
  }
  return { kind: 'done', message: `${taskId}: ${task.state} → ${to}`, taskId, state: to };
}

export function act(sources: DashboardSources, action: DashboardAction): ActionResult {
  switch (action.kind) {
    case 'pause':
    case 'stop':
    case 'retry':
    case 'enqueue':
      return move(sources, action);
    case 'resume':
      return move(sources, action, () => {
        const task = sources.tasks.require(action.taskId);
        const add = action.addTokens ?? 0;
        const budget = (task.budget_tokens ?? sources.config.budgets.tokens) + add;
        if (add > 0) sources.tasks.patch(action.taskId, { budget_tokens: budget });
        return { budget, addTokens: add };
      });
    case 'reassign':
      return move(sources, action, () => {
        if (action.agent !== undefined) sources.tasks.patch(action.taskId, { agent: action.agent });
        return { agent: action.agent ?? sources.tasks.require(action.taskId).agent };
      });
    case 'approve-scope': {
      try {
        const r = approveScope({ store: sources.tasks }, action.taskId, action.paths ?? []);
        const state = sources.tasks.require(action.taskId).state;
        return {
          kind: 'done',
          message: `${action.taskId}: allowed ${r.paths.join(', ')}`,
          taskId: action.taskId,
          state,
        };
      } catch (error) {
        return { kind: 'refused', message: (error as Error).message };
      }
    }
    case 'learning-accept':
    case 'learning-edit':
    case 'learning-reject':
      return decideLearning(sources, action);
  }
}

/** Accept (optionally edited) or reject a proposal; accepted entries go into AGENTS.md at once. */
function decideLearning(
  sources: DashboardSources,
  action: Extract<DashboardAction, { kind: 'learning-accept' | 'learning-edit' | 'learning-reject' }>,
): ActionResult {
  const store = sources.learnings;
  const proposal = store?.get(action.id);
  if (!store || !proposal) return { kind: 'refused', message: `no learning proposal ${action.id}` };
  if (action.kind === 'learning-reject') {
    store.decide(action.id, 'rejected');
    return { kind: 'done', message: `${action.id} rejected; AGENTS.md unchanged` };
  }
  const entry = action.kind === 'learning-edit' ? action.entry.trim() : proposal.entry;
  store.decide(action.id, 'accepted', entry);
  const path = join(sources.repoRoot, 'AGENTS.md');
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const applied = applyAccepted(current, [{ section: proposal.section, entry }]);
  if (applied.added.length > 0) writeFileSync(path, applied.text);
  return {
    kind: 'done',
    message: `${action.id} accepted: AGENTS.md ${proposal.section} gained "${entry}" (commit it when ready)`,
  };
}
