// Agent plans in the run loop (config `review.agent_plan`, a task's `agent_plan`): until a person
// approves its agent's plan, every attempt of the task is a plan-only turn; when one ends, grove checks
// the worktree is as it was (a changed file is put back and the plan refused), keeps the plan the agent
// wrote and hands the task to a person in `review` with `subject: 'plan'`.
import type { AttemptRow } from '../../infra/db/attempt-store.js';
import type { AgentPlanRow } from '../../infra/db/agent-plan-store.js';
import type { Stores } from '../../infra/db/stores.js';
import { changedPaths, restoreWorktree } from '../../infra/git/restore.js';
import { snapshotWorktree } from '../../infra/git/snapshot.js';
import type { WorktreeSnapshot } from '../../infra/git/snapshot.js';
import {
  checkPlanTurn,
  isPlanTurn,
  planEditedMessage,
  planText,
  wantsAgentPlan,
} from '../../core/agent-plan/index.js';
import { ACTIVE_STATES } from '../../shared/task-state.js';
import type { ProjectContext } from '../context.js';
import type { RunRuntime } from './runtime.js';

/** Whether the task's agent plans first (its spec's `agent_plan`, else config `review.agent_plan`). */
export function agentPlanWanted(ctx: Pick<ProjectContext, 'tasks' | 'config'>, taskId: string): boolean {
  const spec = ctx.tasks.find((t) => t.id === taskId);
  return wantsAgentPlan(spec?.agent_plan, ctx.config.review.agent_plan);
}

/** Whether the task's next attempt is a plan-only turn: it wants a plan and none is approved yet. */
export function planTurnNext(
  ctx: Pick<ProjectContext, 'tasks' | 'config' | 'stores'>,
  taskId: string,
): boolean {
  return isPlanTurn({
    wanted: agentPlanWanted(ctx, taskId),
    planApproved: ctx.stores.reviews.standingApproval(taskId, 'plan') !== undefined,
  });
}

/** The plan a person approved for this task, when one stands. */
export function approvedPlan(
  stores: Pick<Stores, 'reviews' | 'agentPlans'>,
  taskId: string,
): string | undefined {
  if (!stores.reviews.standingApproval(taskId, 'plan')) return undefined;
  return stores.agentPlans.latestPlan(taskId)?.plan ?? undefined;
}

/** The worktree before a plan turn, to compare with afterwards. */
export async function planTurnBase(worktree: string): Promise<{ head: string; tree: string }> {
  const snap: WorktreeSnapshot = await snapshotWorktree(worktree);
  if (snap.head === undefined) throw new Error(`the worktree ${worktree} has no commit checked out`);
  return { head: snap.head, tree: snap.tree };
}

function finalTexts(rt: RunRuntime, attemptId: number): { result?: string; message?: string } {
  const finished = rt.stores.agentEvents.latestOfKind(attemptId, 'finished')?.event;
  const message = rt.stores.agentEvents.latestOfKind(attemptId, 'message')?.event;
  return {
    ...(finished?.kind === 'finished' && finished.result !== undefined ? { result: finished.result } : {}),
    ...(message?.kind === 'message' ? { message: message.text } : {}),
  };
}

export type PlanTurnEnd =
  | { kind: 'plan'; plan: string }
  | { kind: 'edited'; message: string }
  | { kind: 'no-plan' }
  | { kind: 'gone' };

/**
 * grove could not check a plan turn (git failed, the worktree vanished): the worktree may hold edits, so
 * the task goes to a person rather than to another turn that would start from it.
 */
export function planTurnUnchecked(rt: RunRuntime, attempt: AttemptRow, why: string): void {
  const task = rt.stores.tasks.get(attempt.task_id);
  if (!task || !ACTIVE_STATES.includes(task.state)) return;
  const message = `${task.id}: grove could not check its plan-only turn (${why}); look at its worktree, then \`grove retry ${task.id}\``;
  if (
    rt.stores.tasks.transition(task.id, 'blocked', message, {
      expectFrom: [task.state],
      data: { kind: 'plan-unchecked', attemptId: attempt.id },
    }) === 'moved'
  )
    rt.notifier.notify({ kind: 'blocked', taskId: task.id, message });
}

/**
 * A completed plan turn: refuses it (and restores the worktree) when it changed a file, else stores the
 * plan and moves the task to `review` for a person. `no-plan`: the caller treats it as an agent failure.
 */
export async function finishPlanTurn(
  rt: RunRuntime,
  attempt: AttemptRow,
  turn: AgentPlanRow,
): Promise<PlanTurnEnd> {
  const task = rt.stores.tasks.get(attempt.task_id);
  if (!task?.worktree) return { kind: 'gone' };
  const from = task.state;
  const after = await snapshotWorktree(task.worktree);
  const base = { head: turn.base_head, tree: turn.base_tree };
  const files = after.tree === base.tree ? [] : await changedPaths(task.worktree, base.tree, after.tree);
  const check = checkPlanTurn(base, after, files);
  if (check.kind === 'changed') {
    await restoreWorktree(task.worktree, base);
    rt.stores.agentPlans.end(attempt.id, null);
    const message = planEditedMessage(task.id, check);
    if (
      rt.stores.tasks.transition(task.id, 'blocked', message, {
        expectFrom: [from],
        data: { kind: 'plan-edited', attemptId: attempt.id, paths: check.files },
      }) === 'moved'
    )
      rt.notifier.notify({ kind: 'blocked', taskId: task.id, message });
    return { kind: 'edited', message };
  }
  const texts = finalTexts(rt, attempt.id);
  const plan = planText(texts.result, texts.message);
  if (plan === undefined) return { kind: 'no-plan' };
  rt.stores.agentPlans.end(attempt.id, plan);
  const round = rt.stores.agentPlans.countPlans(task.id);
  const cause = `the agent wrote ${round > 1 ? `plan ${round}` : 'its plan'}; it waits for a person's review`;
  if (
    rt.stores.tasks.transition(task.id, 'review', cause, {
      expectFrom: [from],
      data: { subject: 'plan', attemptId: attempt.id },
    }) === 'moved'
  ) {
    rt.notifier.notify({
      kind: 'review',
      taskId: task.id,
      message: `${task.id}: its agent's plan waits for your review: \`grove review ${task.id}\`, then \`grove approve ${task.id}\` or \`grove request-changes ${task.id} -m "…"\``,
    });
  }
  return { kind: 'plan', plan };
}
