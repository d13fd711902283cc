// What a review looks at: the task's branch tip and its diff against the merge base with the base branch.
import { resolveRef } from '../../infra/git/refs.js';
import { mergeBase, unifiedDiff } from '../../infra/git/diff.js';
import type { TaskRow } from '../../infra/db/task-store.js';
import { GroveError } from '../../shared/errors.js';
import type { ProjectContext } from '../context.js';
import { resolveBase } from '../workspace/base.js';

interface ReviewTarget {
  branch: string;
  /** The branch tip: the commit a review is for. */
  tip: string;
  base: { name: string; oid: string };
  mergeBase: string;
}

/** The task's branch tip, or GIT_FAILED naming the missing branch. */
export async function branchTip(ctx: Pick<ProjectContext, 'paths'>, task: TaskRow): Promise<string> {
  const branch = task.branch ?? `grove/${task.id}`;
  const tip = await resolveRef(ctx.paths.mainRoot, `refs/heads/${branch}`);
  if (tip === undefined) {
    throw new GroveError('GIT_FAILED', `the branch ${branch} of task ${task.id} does not exist`, {
      hint: `see \`grove status ${task.id}\`; \`grove retry ${task.id}\` starts it again`,
    });
  }
  return tip;
}

export async function reviewTarget(
  ctx: Pick<ProjectContext, 'paths' | 'config'>,
  task: TaskRow,
): Promise<ReviewTarget> {
  const tip = await branchTip(ctx, task);
  const base = await resolveBase(ctx);
  return {
    branch: task.branch ?? `grove/${task.id}`,
    tip,
    base,
    mergeBase: await mergeBase(ctx.paths.mainRoot, base.oid, tip),
  };
}

/** The diff a person reviews: merge base → branch tip. */
export async function reviewDiff(ctx: Pick<ProjectContext, 'paths'>, target: ReviewTarget): Promise<string> {
  return unifiedDiff(ctx.paths.mainRoot, target.mergeBase, target.tip);
}
