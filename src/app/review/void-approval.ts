// An approval is for one commit: a queued task whose branch moved since it was approved loses its
// approval and goes back to its gates (queued → verifying); once they pass on the new commit it waits in
// review again (no approval stands for that commit).
import type { ProjectContext } from '../context.js';

/**
 * Voids the task's standing approval and sends it back to verify, when it has one (config
 * `review.code: required`); false when there is none (the caller handles the moved branch as before).
 */
export function voidMovedApproval(
  ctx: Pick<ProjectContext, 'store' | 'stores'>,
  taskId: string,
  why: string,
): boolean {
  const approval = ctx.stores.reviews.standingApproval(taskId);
  if (!approval) return false;
  const reason = `the branch moved after it was approved at ${approval.commit_sha.slice(0, 8)}: ${why}`;
  const moved =
    ctx.store.transition(taskId, 'verifying', `approval void: ${reason}; its gates run again`, {
      expectFrom: ['queued'],
      data: { kind: 'review-void', reviewId: approval.id },
    }) === 'moved';
  if (!moved) return false;
  ctx.stores.reviews.void(approval.id, reason);
  ctx.stores.queue.finish(taskId, 'rejected', 'approval-void', { detail: reason });
  ctx.stores.notifications.add({
    taskId,
    kind: 'review',
    message: `${taskId}: approval void (${reason}); its gates run again, then it comes back to review`,
  });
  return true;
}
