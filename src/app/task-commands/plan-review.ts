// A person reviews the implementation plan a task's agent wrote in its plan-only turn (`agent_plan`):
// approve → the task goes back to `ready` and the SAME session implements the plan (not plan-only any
// more), then the usual gates and code review; request changes → the message goes to the same session,
// which writes a revised plan (still plan-only) and comes back to this review. The task commands
// `approve` and `request-changes` come here when the task waits in review with `subject: 'plan'`.
import type { TaskRow } from '../../infra/db/task-store.js';
import { branchTip } from '../review/target.js';
import { reviewedMeanwhile } from './approve.js';
import { done, move } from './common.js';
import type { TaskCommandDeps } from './deps.js';
import type { CommandDoor, CommandRefused, ReviewResult } from './result.js';

function noPlan(task: TaskRow): CommandRefused {
  return {
    kind: 'refused',
    code: 'STATE_INVALID',
    message: `task ${task.id} waits for a plan review but grove has no plan of its agent`,
    hint: `\`grove retry ${task.id}\` asks its agent for a plan again`,
  };
}

export async function approveAgentPlan(
  deps: TaskCommandDeps,
  task: TaskRow,
  by: CommandDoor,
  message: string,
): Promise<ReviewResult> {
  const plan = deps.stores.agentPlans.latestPlan(task.id);
  if (!plan) return noPlan(task);
  const tip = await branchTip(deps, task);
  const note = message.trim();
  const cause = `plan approved${note ? `: ${note}` : ''}; its agent implements it in the same session`;
  const review = deps.stores.reviews.recordIf(
    { taskId: task.id, subject: 'plan', verdict: 'approved', commit: tip, message: note, by },
    (reviewId) =>
      move(deps, task, by, 'approve', 'ready', cause, { resume: true, kind: 'plan-approved', reviewId }),
  );
  if (!review) return reviewedMeanwhile(deps, task.id);
  const then =
    deps.config.review.code === 'required'
      ? 'its gates run and its code comes back to review'
      : 'its gates run';
  const result = done(
    deps,
    task,
    'approve',
    'ready',
    `${task.id}: plan approved; its agent implements it in the same session, then ${then}`,
  );
  return { ...result, action: 'approve', reviewId: review.id, commit: tip, comments: [] };
}

export async function requestPlanChanges(
  deps: TaskCommandDeps,
  task: TaskRow,
  by: CommandDoor,
  request: { message: string; comments: number; lesson: boolean },
): Promise<ReviewResult> {
  if (request.comments > 0) {
    return {
      kind: 'refused',
      code: 'USAGE',
      message: `task ${task.id} waits for a review of its agent's plan, which has no diff lines to comment on`,
      hint: `say what to change in the message: grove request-changes ${task.id} -m "…" (without --file/--line)`,
    };
  }
  if (!deps.stores.agentPlans.latestPlan(task.id)) return noPlan(task);
  const tip = await branchTip(deps, task);
  const round =
    deps.stores.reviews
      .listForTask(task.id)
      .filter((r) => r.subject === 'plan' && r.verdict === 'changes-requested').length + 1;
  const cause = `changes to the plan requested (plan review round ${round}): ${request.message.slice(0, 200)}`;
  const review = deps.stores.reviews.recordIf(
    {
      taskId: task.id,
      subject: 'plan',
      verdict: 'changes-requested',
      commit: tip,
      message: request.message,
      by,
    },
    (reviewId) => {
      const moved = move(deps, task, by, 'request-changes', 'ready', cause, {
        resume: true,
        kind: 'plan-changes',
        reviewId,
      });
      // `--lesson`: the message becomes a learning proposal, as a code review's would.
      if (moved && request.lesson) {
        deps.store.appendEvent(task.id, {
          type: 'note',
          data: { text: request.message, review: { reviewId } },
        });
      }
      return moved;
    },
  );
  if (!review) return reviewedMeanwhile(deps, task.id);
  const result = done(
    deps,
    task,
    'request-changes',
    'ready',
    `${task.id}: changes to the plan requested${request.lesson ? ' (kept as a lesson for `grove retro`)' : ''}; its agent revises the plan in the same session (still without editing) and it comes back to review`,
  );
  return { ...result, action: 'request-changes', reviewId: review.id, commit: tip, comments: [] };
}
