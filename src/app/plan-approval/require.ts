// `grove spawn` under config `review.plan: required`: a task whose spec the lead has not approved gets
// no worktree (no task starts before the plan is approved).
import type { SpecApproval } from '../../core/plan/approval.js';
import { planWaitMessage } from '../../core/plan/approval.js';
import { GroveError } from '../../shared/errors.js';
import type { ProjectContext } from '../context.js';
import { currentSpecApprovals } from './spec-approvals.js';

type Ctx = Pick<ProjectContext, 'config' | 'stores' | 'tasks'>;

/** The ids among `ids` whose spec is not approved as it is, with why (none under `review.plan: auto`). */
export function unapprovedTasks(ctx: Ctx, ids: readonly string[]): Array<{ id: string; message: string }> {
  if (ctx.config.review.plan !== 'required') return [];
  const specs = new Map<string, SpecApproval>(
    currentSpecApprovals(ctx.stores, ctx.tasks).map((s) => [s.id, s]),
  );
  return ids
    .filter((id) => specs.get(id)?.status !== 'approved')
    .map((id) => ({ id, message: planWaitMessage(id, specs.get(id)) }));
}

/** Refuses (STATE_INVALID, nothing made) when any of `ids` waits for plan approval. */
export function requireApprovedSpecs(ctx: Ctx, ids: readonly string[]): void {
  const waiting = unapprovedTasks(ctx, ids);
  if (waiting.length === 0) return;
  throw new GroveError('STATE_INVALID', waiting.map((w) => w.message).join('\n'), {
    hint: 'look at the plan with `grove plan`, then approve it with `grove plan --approve` (config review.plan: required)',
  });
}
