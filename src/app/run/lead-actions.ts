// The lead's commands: each changes the store (a transition with its cause) and stops the agent when
// one runs; a running scheduler reacts to the new state (it looks at the journal), or the next
// `grove run`/`grove up` does.
import { applyBudgetChange, checkBudget, parseBudgetChange } from '../../core/budget.js';
import { resolveAgent } from '../../core/agents.js';
import { canTransition } from '../../shared/task-state-machine.js';
import type { StopReason } from '../attempts/tracked.js';
import { attemptDeps } from '../attempts/deps.js';
import { stopAttempt } from '../attempts/stop.js';
import { LockStore } from '../../infra/db/lock-store.js';
import { UsageStore } from '../../infra/db/usage-store.js';
import { AttemptStore } from '../../infra/db/attempt-store.js';
import type { TaskRow } from '../../infra/db/task-store.js';
import { GroveError } from '../../shared/errors.js';
import type { TaskState } from '../../shared/task-state.js';
import type { ProjectContext } from '../context.js';
import { SCHEDULER_LOCK } from './scheduler-lock.js';

export type LeadAction = 'pause' | 'resume' | 'stop' | 'retry' | 'reassign' | 'abandon';

export interface LeadResult {
  taskId: string;
  action: LeadAction;
  from: TaskState;
  to: TaskState;
  message: string;
  /** Who carries on: the running scheduler, or the next `grove run`. */
  next: string;
}

const WHAT: Record<LeadAction, string> = {
  pause: 'nothing to pause',
  resume: 'nothing to resume',
  stop: 'nothing to stop',
  retry: 'nothing to retry',
  reassign: 'nothing to reassign',
  abandon: 'nothing to abandon',
};

function refuse(task: TaskRow, action: LeadAction, allowed: string): never {
  throw new GroveError('STATE_INVALID', `task ${task.id} is ${task.state}; ${WHAT[action]}`, {
    hint: `\`grove ${action}\` applies to ${allowed} tasks (see \`grove status ${task.id}\`)`,
  });
}

function who(ctx: ProjectContext): string {
  const holder = new LockStore(ctx.db, ctx.now).holder(SCHEDULER_LOCK);
  return holder
    ? `the running scheduler (${holder.info ?? 'grove'}, pid ${holder.pid}) carries on`
    : 'no scheduler is running: `grove run` (or `grove up`) carries on';
}

/**
 * The task's live attempt, read BEFORE the task is moved: once it is `ready` again the loop may start a
 * fresh attempt at once, and that one must not be the one stopped.
 */
function liveAttempt(ctx: ProjectContext, taskId: string): number | undefined {
  const latest = new AttemptStore(ctx.db, ctx.now).latestForTask(taskId);
  return latest && latest.ended_at === null ? latest.id : undefined;
}

async function stopLive(
  ctx: ProjectContext,
  attemptId: number | undefined,
  reason: StopReason,
): Promise<boolean> {
  if (attemptId === undefined) return false;
  await stopAttempt(attemptDeps(ctx), attemptId, reason);
  return true;
}

function move(
  ctx: ProjectContext,
  task: TaskRow,
  action: LeadAction,
  to: TaskState,
  cause: string,
  data: Record<string, unknown> = {},
): void {
  const moved = ctx.store.transition(task.id, to, cause, {
    expectFrom: [task.state],
    data: { ...data, by: 'lead', action },
  }) === 'moved';
  if (!moved) {
    throw new GroveError('STATE_INVALID', `task ${task.id} changed state meanwhile; nothing was done`, {
      hint: `look again with \`grove status ${task.id}\``,
    });
  }
}

function result(
  ctx: ProjectContext,
  task: TaskRow,
  action: LeadAction,
  to: TaskState,
  message: string,
): LeadResult {
  return { taskId: task.id, action, from: task.state, to, message, next: who(ctx) };
}

export async function pauseTask(ctx: ProjectContext, id: string): Promise<LeadResult> {
  const task = ctx.store.require(id);
  const live = liveAttempt(ctx, id);
  if (!['running', 'fixing', 'verifying'].includes(task.state))
    refuse(task, 'pause', 'running, fixing or verifying');
  move(ctx, task, 'pause', 'paused', 'paused by the lead');
  const stopped = await stopLive(ctx, live, 'paused');
  const how = stopped ? 'agent stopped; worktree and session kept' : 'worktree and session kept';
  return result(ctx, task, 'pause', 'paused', `${id} paused (${how}); continue with \`grove resume ${id}\``);
}

export function resumeTask(ctx: ProjectContext, id: string, budgetText?: string): LeadResult {
  const task = ctx.store.require(id);
  if (task.state !== 'paused' && task.state !== 'blocked') refuse(task, 'resume', 'paused or blocked');
  const used = new UsageStore(ctx.db).totalsForTask(id).total;
  const current = task.budget_tokens ?? ctx.config.budgets.tokens;
  const pauseAt = ctx.config.budgets.pause_at;
  let budget = current;
  if (budgetText !== undefined) {
    const parsed = parseBudgetChange(budgetText);
    if (parsed.kind === 'invalid') throw new GroveError('USAGE', parsed.message);
    const applied = applyBudgetChange(current, parsed.change, used, pauseAt);
    if (applied.kind === 'still-over') throw new GroveError('USAGE', applied.message);
    budget = applied.budget;
  } else if (checkBudget(used, current, pauseAt).kind !== 'ok') {
    throw new GroveError(
      'USAGE',
      `${id} has used ${used} of its ${current} tokens and would pause again at once`,
      {
        hint: `give it more: \`grove resume ${id} --budget +${Math.max(1000, Math.ceil(used / pauseAt) + 1 - current)}\``,
      },
    );
  }
  if (budget !== current) ctx.store.patch(id, { budget_tokens: budget });
  const session = task.session_id !== null;
  move(
    ctx,
    task,
    'resume',
    'ready',
    `resumed by the lead${budget !== current ? ` with a budget of ${budget}` : ''}`,
    {
      resume: true,
      budget,
    },
  );
  const how = session ? `continues session ${task.session_id}` : 'starts a new session (none was recorded)';
  return result(
    ctx,
    task,
    'resume',
    'ready',
    `${id} resumed: ${how}; budget ${budget} tokens (${used} used)`,
  );
}

export async function stopTask(ctx: ProjectContext, id: string): Promise<LeadResult> {
  const task = ctx.store.require(id);
  const live = liveAttempt(ctx, id);
  if (!canTransition(task.state, 'blocked')) refuse(task, 'stop', 'unfinished, not yet blocked');
  move(ctx, task, 'stop', 'blocked', 'stopped by the lead', { kind: 'stopped' });
  const stopped = await stopLive(ctx, live, 'killed');
  return result(
    ctx,
    task,
    'stop',
    'blocked',
    `${id} stopped${stopped ? ' (agent stopped)' : ''}; it waits for you: \`grove resume ${id}\`, \`grove retry ${id}\` or \`grove abandon ${id}\``,
  );
}

export async function retryTask(ctx: ProjectContext, id: string): Promise<LeadResult> {
  const task = ctx.store.require(id);
  const live = liveAttempt(ctx, id);
  if (task.state === 'ready' || !canTransition(task.state, 'ready')) {
    refuse(task, 'retry', 'running, paused, fixing, blocked, failed or conflict');
  }
  move(ctx, task, 'retry', 'ready', 'retried by the lead: a fresh attempt', { fresh: true });
  await stopLive(ctx, live, 'killed');
  return result(
    ctx,
    task,
    'retry',
    'ready',
    `${id} will start again in a fresh session (same worktree and branch)`,
  );
}

export async function reassignTask(ctx: ProjectContext, id: string, agent?: string): Promise<LeadResult> {
  const task = ctx.store.require(id);
  const live = liveAttempt(ctx, id);
  const wanted = agent ?? task.agent ?? ctx.config.default_agent;
  const found = resolveAgent(ctx.config, wanted);
  if (found.kind === 'unknown') {
    throw new GroveError('AGENT_NOT_FOUND', `no agent "${wanted}"`, {
      hint: `known agents: ${found.known.join(', ')}`,
    });
  }
  const data = { reassign: true, fresh: true, agent: wanted };
  let to: TaskState;
  if (task.state !== 'ready' && canTransition(task.state, 'ready')) {
    to = 'ready';
    move(ctx, task, 'reassign', 'ready', `reassigned by the lead to ${wanted}`, data);
  } else if (task.state === 'stuck' || canTransition(task.state, 'stuck')) {
    if (task.state !== 'stuck') move(ctx, task, 'reassign', 'stuck', 'stuck: reassigned by the lead', data);
    to = 'reassigned';
    move(
      ctx,
      { ...task, state: 'stuck' },
      'reassign',
      'reassigned',
      `reassigned by the lead to ${wanted}`,
      data,
    );
  } else {
    refuse(task, 'reassign', 'running, paused, fixing, verifying, stuck, blocked or failed');
  }
  ctx.store.patch(id, { agent: wanted });
  await stopLive(ctx, live, 'killed');
  return result(ctx, task, 'reassign', to, `${id} reassigned to a fresh ${wanted} session`);
}

export async function abandonTask(ctx: ProjectContext, id: string): Promise<LeadResult> {
  const task = ctx.store.require(id);
  const live = liveAttempt(ctx, id);
  if (!canTransition(task.state, 'abandoned')) refuse(task, 'abandon', 'unfinished');
  move(ctx, task, 'abandon', 'abandoned', 'abandoned by the lead');
  const stopped = await stopLive(ctx, live, 'killed');
  return result(
    ctx,
    task,
    'abandon',
    'abandoned',
    `${id} abandoned${stopped ? ' (agent stopped)' : ''}; its worktree and branch are kept (\`grove clean ${id}\` removes them)`,
  );
}
