// A person approves a task in review: the approval is recorded for the commit reviewed (the branch tip,
// which must be the commit its gates passed on) and the task joins the merge queue. Two approvals at once
// (CLI and dashboard): the task moves once; the other is told who was first.
import { checkApproval } from '../../core/review/index.js';
import { actionApplies } from '../../shared/task-actions.js';
import type { TaskRow } from '../../infra/db/task-store.js';
import { reviewSubject } from '../review/subject.js';
import { branchTip } from '../review/target.js';
import { approveAgentPlan } from './plan-review.js';
import { giveUpSiblings } from './best-of-siblings.js';
import { done, move, wrongState } from './common.js';
import type { TaskCommandDeps } from './deps.js';
import type { CommandDoor, CommandRefused, ReviewResult } from './result.js';

/** Why a second reviewer's action did nothing: someone else moved the task out of review first. */
export function reviewedMeanwhile(deps: TaskCommandDeps, id: string): CommandRefused {
  const task = deps.store.require(id);
  const last = deps.stores.reviews.listForTask(id).at(-1);
  const who = last
    ? `${last.verdict === 'approved' ? 'approved' : 'sent back with changes requested'} by ${last.by} meanwhile`
    : 'moved meanwhile';
  return {
    kind: 'refused',
    code: 'STATE_INVALID',
    message: `task ${id} was ${who}; it is ${task.state} now and nothing was done`,
    hint: `look again with \`grove status ${id}\``,
  };
}

/**
 * The branch moved since its gates passed (someone committed in its worktree while it waited): nothing
 * is approved, the task's gates run again and it comes back to review.
 */
function movedSinceGates(deps: TaskCommandDeps, task: TaskRow, by: CommandDoor, tip: string): CommandRefused {
  const verified = task.verified_commit;
  const check = checkApproval(verified ? { commit: verified, voided: false } : undefined, tip);
  const why =
    check.kind === 'moved'
      ? `its gates passed on ${check.approved.slice(0, 8)} but the branch is now at ${tip.slice(0, 8)}`
      : 'grove has no record of the commit its gates passed on';
  const cause = `review: ${why}; its gates run again`;
  const sent = move(deps, task, by, 'approve', 'verifying', cause, { kind: 'review-void' });
  return {
    kind: 'refused',
    code: 'STATE_INVALID',
    message: `task ${task.id} was not approved: ${why}`,
    hint: sent
      ? `its gates run again on the new commit (under \`grove run\`) and it comes back to review`
      : `look again with \`grove status ${task.id}\``,
  };
}

export async function approveTask(
  deps: TaskCommandDeps,
  id: string,
  by: CommandDoor,
  message = '',
): Promise<ReviewResult> {
  const task = deps.store.require(id);
  if (!actionApplies('approve', task.state)) return wrongState(task, 'approve', 'review');
  if (reviewSubject(deps.store, id) === 'plan') return approveAgentPlan(deps, task, by, message);
  const tip = await branchTip(deps, task);
  if (tip !== task.verified_commit) return movedSinceGates(deps, task, by, tip);
  const cause = `approved ${tip.slice(0, 8)}${message.trim() ? `: ${message.trim()}` : ''}`;
  const review = deps.stores.reviews.recordIf(
    { taskId: id, verdict: 'approved', commit: tip, message: message.trim(), by },
    (reviewId) => move(deps, task, by, 'approve', 'queued', cause, { reviewId }),
  );
  if (!review) return reviewedMeanwhile(deps, id);
  deps.stores.queue.add(id);
  const siblings = giveUpSiblings(deps, id, by);
  const others =
    siblings.length > 0
      ? `; the other attempts (${siblings.join(', ')}) were given up, their branches kept`
      : '';
  const result = done(
    deps,
    task,
    'approve',
    'queued',
    `${id} approved at ${tip.slice(0, 8)}; it joined the merge queue${others}`,
  );
  return { ...result, action: 'approve', reviewId: review.id, commit: tip, comments: [] };
}
