// The line `grove status` prints while the plan waits for the lead's approval (config `review.plan`).
import { describeUnapproved, planApproved } from '../../core/plan/approval.js';
import type { ProjectContext } from '../context.js';
import { currentSpecApprovals } from './spec-approvals.js';

/** Undefined when the plan need not be approved, or is approved as it is. */
export function planApprovalNotice(
  ctx: Pick<ProjectContext, 'config' | 'stores' | 'tasks'>,
): string | undefined {
  if (ctx.config.review.plan !== 'required') return undefined;
  const specs = currentSpecApprovals(ctx.stores, ctx.tasks);
  if (planApproved(specs)) return undefined;
  const n = specs.filter((s) => s.status !== 'approved').length;
  return `the plan waits for your approval: ${n} task spec${n === 1 ? '' : 's'} not approved (${describeUnapproved(specs)}); those tasks do not start: grove plan, then grove plan --approve`;
}
