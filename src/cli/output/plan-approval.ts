// `grove plan`'s plan approval parts (config `review.plan`): a tag per task, the lines under the plan,
// the JSON fields.
import type { PlanResult } from '../../app/plan-project.js';
import type { SpecApprovalStatus } from '../../core/plan/approval.js';
import { describeUnapproved, planApproved } from '../../core/plan/approval.js';

const APPROVE = 'grove plan --approve';

const TAG: Record<SpecApprovalStatus, string> = {
  approved: 'approved',
  changed: 'changed since approval',
  new: 'new: not approved',
};

/** "  [approved]" after a task's line, when the plan must be approved (or an approval exists). */
export function approvalTag(plan: PlanResult, id: string): string {
  const view = plan.approval;
  if (!view || (!view.required && !view.latest)) return '';
  const spec = view.specs.find((s) => s.id === id);
  return spec ? `  [${TAG[spec.status]}]` : '';
}

/** What approving did, then whether the plan waits for approval and the command. */
export function approvalLines(plan: PlanResult): string[] {
  const out: string[] = [];
  const done = plan.approved;
  if (done) out.push('', done.kind === 'done' ? done.message : `Not approved: ${done.message}`);
  if (done?.kind === 'refused' && done.hint) out.push(`  ${done.hint}`);
  if (done?.kind === 'done') out.push(`  ${done.next}`);
  const view = plan.approval;
  if (!view || (!view.required && !view.latest)) return out;
  if (planApproved(view.specs)) {
    if (!done && view.latest) {
      out.push('', `Plan approved by ${view.latest.by} at ${new Date(view.latest.at).toISOString()}.`);
    }
    return out;
  }
  const waits = view.specs.filter((s) => s.status !== 'approved').length;
  out.push(
    '',
    view.required
      ? `The plan waits for your approval (review.plan: required): ${waits} task spec${waits === 1 ? '' : 's'} not approved (${describeUnapproved(view.specs)}); no task starts until it is.`
      : `Not approved as it is (review.plan: auto, so tasks start anyway): ${describeUnapproved(view.specs)}.`,
    `  Approve with: ${APPROVE}`,
  );
  return out;
}

/** The JSON fields: `approval` (per task and overall) and `approved` (what --approve did). */
export function planApprovalJson(plan: PlanResult): Record<string, unknown> {
  const view = plan.approval;
  const done = plan.approved;
  return {
    approval: view
      ? {
          required: view.required,
          approved: planApproved(view.specs),
          latest: view.latest,
          tasks: view.specs,
          command: planApproved(view.specs) ? null : APPROVE,
        }
      : null,
    approved:
      done === undefined
        ? null
        : done.kind === 'done'
          ? { ok: true, recorded: done.recorded, message: done.message, specs: done.specs }
          : { ok: false, code: done.code, message: done.message, hint: done.hint ?? null },
  };
}
