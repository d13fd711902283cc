import { checkApproval } from '../../core/review/index.js';
import type { Stores } from '../../infra/db/stores.js';
import type { TaskRow } from '../../infra/db/task-store.js';

/** A person's approval stands for the commit the task's gates last passed on. */
export function approvedVerified(stores: Pick<Stores, 'reviews'>, task: TaskRow): boolean {
  const approval = stores.reviews.standingApproval(task.id);
  const view = approval ? { commit: approval.commit_sha, voided: false } : undefined;
  return checkApproval(view, task.verified_commit).kind === 'stands';
}
