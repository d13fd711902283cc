// An approval is for one commit: it stands only while the task's work is that commit.

export interface ApprovalView {
  commit: string;
  voided: boolean;
}

export type ApprovalCheck =
  | { kind: 'stands'; commit: string }
  | { kind: 'none' }
  | { kind: 'moved'; approved: string; tip: string; message: string };

/** Whether `approval` still covers `tip` (the branch tip, or the commit the gates passed on). */
export function checkApproval(approval: ApprovalView | undefined, tip: string | null): ApprovalCheck {
  if (!approval || approval.voided) return { kind: 'none' };
  if (tip !== null && tip === approval.commit) return { kind: 'stands', commit: approval.commit };
  const now = tip === null ? 'no commit' : tip.slice(0, 8);
  return {
    kind: 'moved',
    approved: approval.commit,
    tip: tip ?? '',
    message: `the approval was for ${approval.commit.slice(0, 8)}, the branch is now at ${now}`,
  };
}
