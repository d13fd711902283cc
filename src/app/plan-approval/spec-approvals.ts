// The plan's task specs against the lead's latest approval (config `review.plan`): the hash of each
// spec (the same `specHash` the state store keeps to notice edits) and its status.
import type { SpecApproval, SpecHash } from '../../core/plan/approval.js';
import { specApprovals } from '../../core/plan/approval.js';
import type { Stores } from '../../infra/db/stores.js';
import type { TaskSpec } from '../../shared/task-spec.js';
import { specHash } from '../sync-tasks.js';

/** Each spec's id, file and hash. */
export function specHashes(tasks: readonly TaskSpec[]): SpecHash[] {
  return tasks.map((t) => ({ id: t.id, file: t.file, hash: specHash(t) }));
}

/** Each spec of `tasks`: approved as it is, changed since the latest approval, or new. */
export function currentSpecApprovals(
  stores: Pick<Stores, 'planApprovals'>,
  tasks: readonly TaskSpec[],
): SpecApproval[] {
  return specApprovals(specHashes(tasks), stores.planApprovals.latest()?.specs);
}
