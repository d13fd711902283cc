// One round of the merge queue: build the planned candidates, test them at once, move the base by
// compare-and-swap to the longest passing prefix, hand the culprit to the hooks, requeue the rest.
// The steps after the build live in round-steps.ts.
import type { Bisection, QueueState, WindowPolicy } from '../../core/queue/index.js';
import { applyRound, nextWindow, planRound, windowLine } from '../../core/queue/index.js';
import type { QueueStore } from '../../infra/db/queue-store.js';
import { agentSummary } from '../attempts/agent-summary.js';
import type { ProjectContext } from '../context.js';
import { resolveBase } from '../workspace/base.js';
import type { QueuedTask } from './build.js';
import { applyTask } from './build.js';
import { checkVerifiedTip } from '../../core/verify/head.js';
import { resolveRef } from '../../infra/git/refs.js';
import { resolveQueueTest } from './integration.js';
import type { CheckoutOutcome } from './checkout.js';
import type { PrefixConflict, RoundSetup } from './round-steps.js';
import { landPassing, recordRound, rejectCulprit, requeue, testCandidates } from './round-steps.js';
import { syncQueue } from './sync.js';
import type { PullRequest } from './pr.js';
import { checkPrTools, openPullRequest } from './pr.js';
import type { QueueFailure, QueueHooks } from './types.js';
import { voidMovedApproval } from '../review/void-approval.js';
import { windowChoice, windowWithin } from './window-choice.js';

export type RoundResult =
  | { kind: 'idle' }
  /** PR mode: pull requests opened instead of local merges. */
  | { kind: 'prs'; prs: PullRequest[] }
  /** Nothing tested: the queue changed (a task left it) or the base moved under the round. */
  | { kind: 'changed'; note: string }
  | {
      kind: 'round';
      round: number;
      window: number;
      /** Why this window: "window 6 (max 8): 2 cores, test ≈ 1.2 s, …". */
      windowWhy: string;
      merged: Array<{ taskId: string; commit: string }>;
      culprit?: { taskId: string; failure: QueueFailure };
      checkout: CheckoutOutcome | undefined;
      note: string | null;
    };

export async function runRound(ctx: ProjectContext, hooks: QueueHooks): Promise<RoundResult> {
  const started = Date.now();
  const queue = ctx.stores.queue;
  const gates = ctx.stores.gates;
  const synced = await syncQueue(ctx, queue);
  if (synced.changed) return { kind: 'changed', note: synced.note };
  const ids = queue.open().map((e) => e.task_id);
  if (ids.length === 0) return { kind: 'idle' };
  if (ctx.config.queue.mode === 'pr') return { kind: 'prs', prs: await openPullRequests(ctx, queue, ids) };

  const policy = windowChoice(ctx.config, queue);
  const state = loadState(queue, ids, policy);
  const windowWhy = windowLine(state.window, policy);
  const test = resolveQueueTest(ctx.config);
  let planned = test.kind === 'none' ? [{ size: ids.length, tasks: ids }] : planRound(state);
  const maxSize = Math.max(...planned.map((c) => c.size));
  const base = await resolveBase(ctx);
  const round: RoundSetup = { ctx, queue, gates, ids, base, test, started };

  const built = await buildPrefixes(ctx, ids, base.oid, maxSize);
  if (built.kind === 'broken') {
    // Review: an approval is for one commit; a moved branch goes back to its gates, then to review.
    if (built.moved !== undefined && voidMovedApproval(ctx, built.taskId, built.moved))
      return { kind: 'changed', note: built.message };
    leaveBroken(ctx, queue, built.taskId, built.message);
    return { kind: 'changed', note: built.message };
  }
  const { commits, conflict } = built;
  // Nothing to test: the base goes as far as the queue builds.
  if (test.kind === 'none' && conflict && conflict.at > 0)
    planned = [{ size: conflict.at, tasks: ids.slice(0, conflict.at) }, ...planned];

  const inRound = ids.slice(0, Math.min(maxSize, commits.length + (conflict ? 1 : 0)));
  markIntegrating(round, inRound, state.window);
  const { results, record } = await testCandidates(round, planned, commits, conflict);
  const applied = applyRound(state, results, policy);

  const landedReuse = record.find((r) => r.size === applied.merge.length)?.reused;
  const landed = await landPassing(round, applied.merge, commits, landedReuse);
  if (landed.kind === 'moved-under') {
    for (const id of inRound) requeue(ctx, queue, id, landed.cause);
    recordRound(round, { baseAfter: null, window: state.window, record, note: landed.note });
    return { kind: 'changed', note: landed.note };
  }
  const { merged, baseAfter, checkout } = landed;
  const culprit = applied.culprit ? rejectCulprit(round, applied.culprit) : undefined;
  for (const id of inRound) {
    if (merged.some((m) => m.taskId === id) || culprit?.taskId === id) continue;
    requeue(ctx, queue, id, 'merge queue: back in line (another task failed the candidate)');
  }
  const note = test.kind === 'none' ? test.reason : null;
  const id = recordRound(round, { baseAfter, window: state.window, record, note });
  // The next window follows the policy that knows this round (its timings, its culprit).
  const after = windowChoice(ctx.config, queue);
  const failed = results.some((r) => r.outcome.kind !== 'pass');
  const window = nextWindow(state.window, { merged: merged.length, failed }, after);
  queue.saveState(windowWithin(window, after), applied.state.bisection);
  for (const m of merged) hooks.onMerged(m.taskId, m.commit);
  if (culprit) hooks.onCulprit(culprit.taskId, culprit.failure);
  return { kind: 'round', round: id, window: state.window, windowWhy, merged, culprit, checkout, note };
}

/** PR mode: one pull request per queued task instead of local merges. */
async function openPullRequests(
  ctx: ProjectContext,
  queue: QueueStore,
  ids: readonly string[],
): Promise<PullRequest[]> {
  await checkPrTools(ctx);
  const prs: PullRequest[] = [];
  for (const id of ids) {
    const row = ctx.store.require(id);
    const task = {
      id,
      title: row.title,
      branch: row.branch ?? `grove/${id}`,
      summary: agentSummary(ctx, id),
    };
    prs.push(await openPullRequest(ctx, queue, task));
  }
  return prs;
}

/**
 * The window and any bisection in progress, kept from the last round; the window kept within this
 * round's policy (at least its floor, at most its max: the machine or the failure rate changed).
 */
function loadState(queue: QueueStore, ids: string[], policy: WindowPolicy): QueueState {
  const saved = queue.state(Math.min(policy.start, policy.max));
  const bisection = saved.bisection as Bisection | undefined;
  const state: QueueState = { queue: ids, window: windowWithin(saved.window, policy) };
  if (bisection && bisection.failing <= ids.length) state.bisection = bisection;
  return state;
}

type Built =
  | { kind: 'built'; commits: string[]; conflict: PrefixConflict | undefined }
  | {
      kind: 'broken';
      taskId: string;
      message: string;
      /** The branch moved since verified: how. */ moved?: string;
    };

/** Builds base + each task in turn, in memory, up to `maxSize` tasks or the first conflict. */
async function buildPrefixes(
  ctx: ProjectContext,
  ids: readonly string[],
  baseOid: string,
  maxSize: number,
): Promise<Built> {
  const commits: string[] = [];
  let prev = baseOid;
  for (let k = 0; k < maxSize; k++) {
    const row = ctx.store.require(ids[k]!);
    const branch = row.branch ?? `grove/${row.id}`;
    const moved = await movedSinceVerified(ctx, branch, row.verified_commit);
    if (moved) return { kind: 'broken', taskId: row.id, message: moved.message, moved: moved.how };
    const task: QueuedTask = {
      id: row.id,
      title: row.title,
      branch,
      summary: agentSummary(ctx, row.id),
      attempt: ctx.stores.attempts.latestForTask(row.id)?.n ?? 0,
      ...(row.verified_commit ? { commit: row.verified_commit } : {}),
    };
    const applied = await applyTask(ctx.paths.mainRoot, prev, task, ctx.config.queue.method);
    if (applied.kind === 'broken') return { kind: 'broken', taskId: row.id, message: applied.message };
    if (applied.kind === 'conflict')
      return { kind: 'built', commits, conflict: { at: k, files: applied.files } };
    commits.push(applied.commit);
    prev = applied.commit;
  }
  return { kind: 'built', commits, conflict: undefined };
}

/**
 * Why the branch is not what its gates passed on (an agent committed or reset after verification), or
 * undefined. A task verified before grove recorded the commit (no `verified_commit`) builds from its
 * branch as before.
 */
async function movedSinceVerified(
  ctx: ProjectContext,
  branch: string,
  verified: string | null,
): Promise<{ how: string; message: string } | undefined> {
  if (verified === null) return undefined;
  const check = checkVerifiedTip(
    branch,
    verified,
    await resolveRef(ctx.paths.mainRoot, `refs/heads/${branch}`),
  );
  return check.kind === 'moved'
    ? {
        how: check.message,
        message: `${check.message}; \`grove retry\` sends it back to its agent, whose work is verified again`,
      }
    : undefined;
}

/** A task the queue cannot build at all (its branch is gone, …) leaves the queue for a person. */
function leaveBroken(ctx: ProjectContext, queue: QueueStore, taskId: string, message: string): void {
  ctx.store.transition(taskId, 'blocked', `the merge queue cannot use it: ${message}`, {
    expectFrom: ['queued'],
  });
  queue.finish(taskId, 'rejected', 'broken', { detail: message });
  ctx.stores.notifications.add({
    taskId,
    kind: 'blocked',
    message: `${taskId} left the merge queue: ${message}`,
  });
}

/** Every task in a candidate is integrating while the round runs. */
function markIntegrating(round: RoundSetup, inRound: readonly string[], window: number): void {
  for (const id of inRound) {
    round.ctx.store.transition(id, 'integrating', `merge queue: in a candidate (window ${window})`, {
      expectFrom: ['queued'],
    });
    round.queue.markTesting(id, window);
  }
}
