// Plan approval (config `review.plan: required`): which task specs the lead's latest approval covers.
// Pure: the hashes come from the caller (src/app/plan-approval/), the approval from the state store.

/** One task spec as the plan holds it now: its id, its file and the hash of what it says. */
export interface SpecHash {
  id: string;
  file: string;
  hash: string;
}

/**
 * approved: the latest approval holds this spec as it is now; changed: the spec was edited since;
 * new: the task was added since (or nothing was ever approved).
 */
export type SpecApprovalStatus = 'approved' | 'changed' | 'new';

export interface SpecApproval {
  id: string;
  file: string;
  status: SpecApprovalStatus;
}

/** Each spec of the plan against the approved hashes (task id → hash); none approved: all new. */
export function specApprovals(
  specs: readonly SpecHash[],
  approved: ReadonlyMap<string, string> | undefined,
): SpecApproval[] {
  return specs.map((s) => {
    const hash = approved?.get(s.id);
    const status: SpecApprovalStatus = hash === undefined ? 'new' : hash === s.hash ? 'approved' : 'changed';
    return { id: s.id, file: s.file, status };
  });
}

/** True when every spec is approved as it is now (nothing to approve). */
export function planApproved(approvals: readonly SpecApproval[]): boolean {
  return approvals.every((a) => a.status === 'approved');
}

/** "a.md changed since the approval; b.md is new": what waits, for the lead. */
export function describeUnapproved(approvals: readonly SpecApproval[]): string {
  return approvals
    .filter((a) => a.status !== 'approved')
    .map((a) => `${a.file} ${a.status === 'changed' ? 'changed since the approval' : 'is new'}`)
    .join('; ');
}

/** Why a task does not start: its spec is not approved. Names the file. */
export function planWaitMessage(id: string, approval: SpecApproval | undefined): string {
  if (!approval) return `${id} waits for plan approval: it has no task file`;
  const why =
    approval.status === 'changed'
      ? `its spec ${approval.file} changed since the plan was approved`
      : `its spec ${approval.file} is not approved yet`;
  return `${id} waits for plan approval: ${why}`;
}
