// What `grove review <task>` shows (the order a reviewer reads in): the spec's goal and acceptance
// criteria, the gates with their evidence, the agent's own summary, scope, tokens and cost, predicted
// conflicts with other branches, then the diff against the merge base. A task whose agent plans first
// (`agent_plan`) and waits for a review of that plan shows the plan instead of a diff.
import { costOf } from '../../core/cost.js';
import { formatCommand } from '../../core/prompt.js';
import { ownershipViolations } from '../../core/ownership.js';
import { diffNumstat } from '../../infra/git/status.js';
import { GroveError } from '../../shared/errors.js';
import type { ProjectContext } from '../context.js';
import { agentSummary } from '../attempts/agent-summary.js';
import { predictConflicts } from '../conflicts/index.js';
import type { ReviewSubject } from '../../infra/db/review-store.js';
import { reviewSubject } from './subject.js';
import { reviewDiff, reviewTarget } from './target.js';
import type { BestOfReview } from './best-of-view.js';
import { bestOfReview } from './best-of-view.js';

interface ReviewGate {
  gate: string;
  ok: boolean;
  command: string;
  exitCode: number | null;
  durationMs: number;
  /** The last lines of its output: the evidence. */
  outputTail: string;
  /** The full log. */
  outputPath: string | null;
}

export interface ReviewView {
  id: string;
  title: string;
  state: string;
  branch: string;
  base: string;
  mergeBase: string;
  /** The commit under review (the branch tip), and the one the gates passed on. */
  tip: string;
  verifiedCommit: string | null;
  /** The spec's Markdown body (goal and acceptance criteria) and its acceptance commands. */
  spec: { file: string | null; body: string; accept: string[] };
  gates: ReviewGate[];
  summary: string | null;
  scope: {
    owns: string[];
    files: Array<{ path: string; added: number | null; deleted: number | null; binary: boolean }>;
    outside: string[];
  };
  /** `costUsd` is what is known of the cost; with `costUnknown`, a lower bound. */
  usage: { tokens: number; input: number; output: number; costUsd: number; costUnknown: boolean };
  conflicts: Array<{ with: string; files: string[] }>;
  /** Earlier reviews of this task, oldest first: of its code, or of its agent's plan. */
  reviews: Array<{
    subject: ReviewSubject;
    verdict: string;
    commit: string;
    by: string;
    at: number;
    message: string;
    void: boolean;
  }>;
  /** What the review is of: the code (the diff), or the agent's plan (`plan`; then `diff` is empty). */
  subject: ReviewSubject;
  /** The latest plan the agent wrote (`agent_plan`): its text, which one it is (1 = the first), when. */
  plan: { text: string; number: number; attemptId: number; at: number } | null;
  /** An attempt of a best-of task: its siblings, ranked (best-of-view.ts). */
  bestOf?: BestOfReview;
  diff: string;
}

/** The gate runs of the commit under review: the last run of each gate on it, in run order. */
function gatesOn(ctx: ProjectContext, taskId: string, commit: string | null): ReviewGate[] {
  const runs = ctx.stores.gates.listForTask(taskId).filter((g) => commit !== null && g.commit_sha === commit);
  const last = new Map(runs.map((g) => [g.gate, g]));
  return [...last.values()].map((g) => ({
    gate: g.gate,
    ok: g.ok,
    command: g.command,
    exitCode: g.exit_code,
    durationMs: g.duration_ms,
    outputTail: g.output_tail,
    outputPath: g.output_path,
  }));
}

export async function buildReviewView(ctx: ProjectContext, id: string): Promise<ReviewView> {
  const task = ctx.store.require(id);
  if (task.branch === null) {
    throw new GroveError('STATE_INVALID', `task ${id} has no branch yet: nothing to review`, {
      hint: `it is ${task.state}; \`grove run\` starts it`,
    });
  }
  const spec = ctx.tasks.find((t) => t.id === id);
  const target = await reviewTarget(ctx, task);
  // A plan review has no code to show yet: the plan is what the person reads.
  const subject = task.state === 'review' ? reviewSubject(ctx.store, id) : 'code';
  const code = subject === 'code';
  const [numstat, diff, conflicts, bestOf] = await Promise.all([
    code ? diffNumstat(ctx.paths.mainRoot, target.mergeBase, target.tip) : [],
    code ? reviewDiff(ctx, target) : '',
    predictConflicts(ctx, { uncommitted: false }),
    bestOfReview(ctx, id),
  ]);
  const plan = ctx.stores.agentPlans.latestPlan(id);
  const owns = spec?.owns ?? [];
  const usage = ctx.stores.usage.totalsForTask(id);
  const cost = costOf(usage.costUsd, usage.unpriced, ctx.config);
  return {
    id,
    title: task.title,
    state: task.state,
    branch: target.branch,
    base: target.base.name,
    mergeBase: target.mergeBase,
    tip: target.tip,
    verifiedCommit: task.verified_commit,
    spec: {
      file: spec?.file ?? null,
      body: spec?.body.trim() ?? '',
      accept: (spec?.accept ?? []).map(formatCommand),
    },
    gates: gatesOn(ctx, id, task.verified_commit),
    summary: agentSummary(ctx, id) ?? null,
    scope: {
      owns,
      files: numstat.map((f) => ({
        path: f.path,
        added: f.added ?? null,
        deleted: f.deleted ?? null,
        binary: f.binary,
      })),
      outside: ownershipViolations(
        numstat.map((f) => f.path),
        owns,
      ),
    },
    usage: {
      tokens: usage.total,
      input: usage.input,
      output: usage.output,
      costUsd: cost.usd,
      costUnknown: cost.unknown,
    },
    conflicts: conflicts.pairs
      .filter((c) => c.a === id || c.b === id)
      .map((c) => ({ with: c.a === id ? c.b : c.a, files: c.files })),
    reviews: ctx.stores.reviews.listForTask(id).map((r) => ({
      subject: r.subject,
      verdict: r.verdict,
      commit: r.commit_sha,
      by: r.by,
      at: r.at,
      message: r.message,
      void: r.voided_at !== null,
    })),
    subject,
    plan:
      plan?.plan != null
        ? {
            text: plan.plan,
            number: ctx.stores.agentPlans.countPlans(id),
            attemptId: plan.attempt_id,
            at: plan.ended_at ?? plan.started_at,
          }
        : null,
    ...(bestOf ? { bestOf } : {}),
    diff,
  };
}

/** Tasks waiting for a review, oldest first (by when they entered review). */
export function waitingForReview(
  ctx: Pick<ProjectContext, 'store'>,
): Array<{ id: string; title: string; since: number; subject: ReviewSubject }> {
  return ctx.store
    .list()
    .filter((t) => t.state === 'review')
    .map((t) => ({
      id: t.id,
      title: t.title,
      subject: reviewSubject(ctx.store, t.id),
      since:
        ctx.store
          .stateHistory(t.id)
          .filter((h) => h.to === 'review')
          .at(-1)?.at ?? t.updated_at,
    }))
    .sort((a, b) => a.since - b.since || (a.id < b.id ? -1 : 1));
}
