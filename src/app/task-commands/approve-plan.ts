// The lead approves the plan (config `review.plan: required`): every task spec as it is on disk now is
// validated, hashed and recorded with who approved it and when. A plan that does not load (a bad spec, a
// dependency cycle, a broken config) approves nothing; an approval that would change nothing says so.
import type { SpecApproval } from '../../core/plan/approval.js';
import { describeUnapproved } from '../../core/plan/approval.js';
import { formatProblem } from '../../shared/errors.js';
import { CONFIG_FILE, validateProject } from '../../infra/spec/load.js';
import { specHashes } from '../plan-approval/spec-approvals.js';
import { whoCarriesOn } from './common.js';
import type { TaskCommandDeps } from './deps.js';
import type { CommandDoor, CommandRefused } from './result.js';

export interface PlanApproved {
  kind: 'done';
  action: 'approve-plan';
  /** false: the latest approval already held every spec as it is, and nothing was written. */
  recorded: boolean;
  approval: { id: number; by: string; at: number };
  /** Each spec and where it stood before this approval (approved, changed, new). */
  specs: SpecApproval[];
  message: string;
  next: string;
}

export type PlanApprovalResult = PlanApproved | CommandRefused;

export async function approvePlan(
  deps: Pick<TaskCommandDeps, 'paths' | 'stores' | 'store'>,
  by: CommandDoor,
): Promise<PlanApprovalResult> {
  // What is on disk now, not what this process loaded when it started (the dashboard runs for hours).
  const validation = await validateProject(deps.paths.mainRoot);
  const errors = validation.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0 || !validation.config) {
    return {
      kind: 'refused',
      code: errors.some((p) => p.file === CONFIG_FILE) ? 'CONFIG_INVALID' : 'TASK_INVALID',
      message: `the plan was not approved: ${errors.length} problem${errors.length === 1 ? '' : 's'}\n${errors.map(formatProblem).join('\n')}`,
      hint: 'fix them (`grove plan` shows each with file:line), then `grove plan --approve`',
    };
  }
  const specs = specHashes(validation.tasks);
  const record = deps.stores.planApprovals.approve(specs, by, (approvalId, before) => {
    for (const s of before) {
      if (s.status === 'approved') continue;
      const hash = specs.find((h) => h.id === s.id)?.hash ?? '';
      deps.store.appendEvent(s.id, {
        type: 'plan-approval',
        data: { approvalId, by, file: s.file, hash, was: s.status },
      });
    }
  });
  const { id, at } = record.approval;
  const approval = { id, by: record.approval.by, at };
  if (record.kind === 'unchanged') {
    const n = specs.length;
    return {
      kind: 'done',
      action: 'approve-plan',
      recorded: false,
      approval,
      specs: specs.map((s) => ({ id: s.id, file: s.file, status: 'approved' })),
      message: `the plan is already approved as it is (${n} task spec${n === 1 ? '' : 's'}, by ${approval.by}); nothing changed`,
      next: whoCarriesOn(deps),
    };
  }
  const what = describeUnapproved(record.before);
  return {
    kind: 'done',
    action: 'approve-plan',
    recorded: true,
    approval,
    specs: record.before,
    message: `plan approved: ${specs.length} task spec${specs.length === 1 ? '' : 's'}${what ? ` (${what})` : ''}`,
    next: whoCarriesOn(deps),
  };
}
