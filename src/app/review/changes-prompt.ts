// The prompt for the fix iteration after `grove request-changes`, from the review as recorded.
import { buildReviewPrompt } from '../../core/review/index.js';
import type { Stores } from '../../infra/db/stores.js';

/** The review's message and comments as a prompt; undefined when the review row is gone. */
export function changesPrompt(rt: { stores: Stores }, taskId: string, reviewId: number): string | undefined {
  const review = rt.stores.reviews.get(reviewId);
  if (!review || review.task_id !== taskId) return undefined;
  const round = rt.stores.reviews
    .listForTask(taskId)
    .filter((r) => r.subject === 'code' && r.verdict === 'changes-requested' && r.id <= reviewId).length;
  return buildReviewPrompt({
    message: review.message,
    comments: rt.stores.reviews.comments(reviewId),
    round,
  });
}
