// One round of the merge queue: build the planned candidates, test them at once, move the base by
// compare-and-swap to the longest passing prefix, hand the culprit to the hooks, requeue the rest.
import type { Bisection, CandidateOutcome, CandidateResult, QueueState } from '../../core/queue/index.js';
import { applyRound, planRound } from '../../core/queue/index.js';
import type { GateStore } from '../../infra/db/gate-store.js';
import type { RoundCandidate } from '../../infra/db/queue-store.js';
import type { QueueStore } from '../../infra/db/queue-store.js';
import { updateRef } from '../../infra/git/refs.js';
import { parseAgentResult } from '../../core/agent-result.js';
import { formatCommand } from '../../core/prompt.js';
import type { ProjectContext } from '../context.js';
import { resolveBase } from '../workspace/base.js';
import type { QueuedTask } from './build.js';
import { applyTask } from './build.js';
import { prepareIntegrationWorktree, resolveQueueTest, runQueueTest } from './integration.js';
import { fastForwardCheckout, inspectCheckout } from './checkout.js';
import type { CheckoutOutcome } from './checkout.js';
import { syncQueue } from './sync.js';
import type { PullRequest } from './pr.js';
import { checkPrTools, openPullRequest } from './pr.js';
import type { QueueFailure, QueueHooks } from './types.js';

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
      merged: Array<{ taskId: string; commit: string }>;
      culprit?: { taskId: string; failure: QueueFailure };
      checkout: CheckoutOutcome | undefined;
      note: string | null;
    };

function summaryOf(ctx: ProjectContext, taskId: string): string | undefined {
  const attempt = ctx.stores.attempts.latestForTask(taskId);
  if (!attempt) return undefined;
  const finished = ctx.stores.agentEvents.latestOfKind(attempt.id, 'finished');
  const text = finished?.event.kind === 'finished' ? finished.event.result : undefined;
  const parsed = parseAgentResult(text);
  return parsed.kind === 'ok' ? parsed.result.summary : undefined;
}

export async function runRound(ctx: ProjectContext, hooks: QueueHooks): Promise<RoundResult> {
  const started = Date.now();
  const queue = ctx.stores.queue;
  const gates = ctx.stores.gates;
  const synced = await syncQueue(ctx, queue);
  if (synced.changed) return { kind: 'changed', note: synced.note };
  const ids = queue.open().map((e) => e.task_id);
  if (ids.length === 0) return { kind: 'idle' };
  if (ctx.config.queue.mode === 'pr') {
    await checkPrTools(ctx);
    const prs: PullRequest[] = [];
    for (const id of ids) {
      const row = ctx.store.require(id);
      const task = { id, title: row.title, branch: row.branch ?? `grove/${id}`, summary: summaryOf(ctx, id) };
      prs.push(await openPullRequest(ctx, queue, task));
    }
    return { kind: 'prs', prs };
  }
  const policy = { start: ctx.config.queue.window, max: ctx.config.queue.parallel };
  const saved = queue.state(Math.min(policy.start, policy.max));
  const bisection = saved.bisection as Bisection | undefined;
  const state: QueueState = { queue: ids, window: saved.window };
  if (bisection && bisection.failing <= ids.length) state.bisection = bisection;
  const test = resolveQueueTest(ctx.config);
  let planned = test.kind === 'none' ? [{ size: ids.length, tasks: ids }] : planRound(state);
  const maxSize = Math.max(...planned.map((c) => c.size));
  const base = await resolveBase(ctx);
  const repo = ctx.paths.mainRoot;

  // Build base + each task in turn, in memory.
  const commits: string[] = [];
  let conflict: { at: number; files: string[] } | undefined;
  let prev = base.oid;
  for (let k = 0; k < maxSize; k++) {
    const row = ctx.store.require(ids[k]!);
    const task: QueuedTask = {
      id: row.id,
      title: row.title,
      branch: row.branch ?? `grove/${row.id}`,
      summary: summaryOf(ctx, row.id),
    };
    const applied = await applyTask(repo, prev, task, ctx.config.queue.method);
    if (applied.kind === 'broken') {
      ctx.store.transition(row.id, 'blocked', `the merge queue cannot use it: ${applied.message}`, {
        expectFrom: ['queued'],
      });
      queue.finish(row.id, 'rejected', 'broken', { detail: applied.message });
      ctx.stores.notifications.add({
        taskId: row.id,
        kind: 'blocked',
        message: `${row.id} left the merge queue: ${applied.message}`,
      });
      return { kind: 'changed', note: applied.message };
    }
    if (applied.kind === 'conflict') {
      conflict = { at: k, files: applied.files };
      break;
    }
    commits.push(applied.commit);
    prev = applied.commit;
  }

  // Nothing to test: the base goes as far as the queue builds.
  if (test.kind === 'none' && conflict && conflict.at > 0)
    planned = [{ size: conflict.at, tasks: ids.slice(0, conflict.at) }, ...planned];

  // Every task in a candidate is integrating while the round runs.
  const inRound = ids.slice(0, Math.min(maxSize, commits.length + (conflict ? 1 : 0)));
  for (const id of inRound) {
    ctx.store.transition(id, 'integrating', `merge queue: in a candidate (window ${state.window})`, {
      expectFrom: ['queued'],
    });
    queue.markTesting(id, state.window);
  }

  const record: RoundCandidate[] = [];
  const results: CandidateResult[] = [];
  await Promise.all(
    planned.map(async (c, slot) => {
      const commit = commits[c.size - 1];
      if (commit === undefined) {
        const taskId = ids[conflict!.at]!;
        results.push({ size: c.size, outcome: { kind: 'conflict', taskId, files: conflict!.files } });
        record.push({ size: c.size, tasks: c.tasks, commit: null, outcome: 'conflict' });
        return;
      }
      if (test.kind === 'none') {
        results.push({ size: c.size, outcome: { kind: 'pass' } });
        record.push({ size: c.size, tasks: c.tasks, commit, outcome: 'untested' });
        return;
      }
      const dir = await prepareIntegrationWorktree(ctx, slot + 1, commit);
      const r = await runQueueTest(dir, test);
      gates.record({
        task_id: c.tasks[c.tasks.length - 1]!,
        attempt_id: null,
        gate: 'queue',
        command: r.command,
        ok: r.ok,
        exit_code: r.exitCode,
        timed_out: r.timedOut,
        duration_ms: r.durationMs,
        output_tail: r.outputTail,
        output_path: null,
        fingerprint: r.fingerprint,
      });
      const outcome: CandidateOutcome = r.ok
        ? { kind: 'pass' }
        : { kind: 'fail', fingerprint: r.fingerprint ?? 'queue', output: r.outputTail };
      results.push({ size: c.size, outcome });
      record.push({ size: c.size, tasks: c.tasks, commit, outcome: r.ok ? 'pass' : 'fail' });
    }),
  );
  record.sort((a, b) => a.size - b.size);
  const applied = applyRound(state, results, policy);

  // Move the base by compare-and-swap, only to a candidate that passed (or nothing is configured to test).
  let baseAfter: string | null = null;
  let checkout: CheckoutOutcome | undefined;
  const merged: Array<{ taskId: string; commit: string }> = [];
  if (applied.merge.length > 0) {
    const target = commits[applied.merge.length - 1]!;
    const before = await inspectCheckout(repo, base.name);
    const moved = await updateRef(repo, `refs/heads/${base.name}`, target, base.oid, 'grove merge queue');
    if (moved.kind === 'moved') {
      for (const id of inRound) requeue(ctx, queue, id, `${base.name} moved during the round: rebuilding`);
      const note = `${base.name} moved to ${moved.actual?.slice(0, 8) ?? 'nothing'} during the round (expected ${base.oid.slice(0, 8)}): nothing merged, rebuilding`;
      queue.recordRound({
        baseBefore: base.oid,
        baseAfter: null,
        window: state.window,
        candidates: record,
        durationMs: Date.now() - started,
        note,
      });
      return { kind: 'changed', note };
    }
    baseAfter = target;
    checkout = await fastForwardCheckout(before, base.oid, target);
    applied.merge.forEach((id, i) => {
      const commit = commits[i]!;
      ctx.store.transition(id, 'merged', `merged into ${base.name} as ${commit.slice(0, 8)}`, {
        expectFrom: ['integrating'],
        data: { commit },
      });
      queue.finish(id, 'merged', 'merged', { commit });
      merged.push({ taskId: id, commit });
    });
  }

  let culprit: { taskId: string; failure: QueueFailure } | undefined;
  if (applied.culprit) {
    const { taskId, outcome } = applied.culprit;
    const failure: QueueFailure =
      outcome.kind === 'conflict'
        ? { kind: 'conflict', files: [...outcome.files], base: base.name }
        : {
            kind: 'test-failed',
            command: test.kind === 'command' ? formatCommand(test.command) : '',
            outputTail: outcome.output ?? '',
            fingerprint: outcome.fingerprint ?? 'queue',
          };
    recordCulprit(gates, taskId, failure, base.name);
    queue.finish(taskId, 'rejected', failure.kind, {
      detail: failure.kind === 'conflict' ? `conflicts in ${failure.files.join(', ')}` : failure.fingerprint,
    });
    culprit = { taskId, failure };
  }
  for (const id of inRound) {
    if (merged.some((m) => m.taskId === id) || culprit?.taskId === id) continue;
    requeue(ctx, queue, id, 'merge queue: back in line (another task failed the candidate)');
  }
  queue.saveState(applied.state.window, applied.state.bisection);
  const note = test.kind === 'none' ? test.reason : null;
  const round = queue.recordRound({
    baseBefore: base.oid,
    baseAfter,
    window: state.window,
    candidates: record,
    durationMs: Date.now() - started,
    note,
  });
  for (const m of merged) hooks.onMerged(m.taskId, m.commit);
  if (culprit) hooks.onCulprit(culprit.taskId, culprit.failure);
  return { kind: 'round', round: round.id, window: state.window, merged, culprit, checkout, note };
}

function requeue(ctx: ProjectContext, queue: QueueStore, id: string, cause: string): void {
  ctx.store.transition(id, 'queued', cause, { expectFrom: ['integrating'] });
  queue.markWaiting(id);
}

/** The culprit's failure as a gate run (`queue` or `merge`) unless its newest run already says so. */
function recordCulprit(gates: GateStore, taskId: string, failure: QueueFailure, base: string): void {
  const gate = failure.kind === 'conflict' ? 'merge' : 'queue';
  const last = gates.listForTask(taskId).at(-1);
  if (last && !last.ok && last.gate === gate) return;
  gates.record({
    task_id: taskId,
    attempt_id: null,
    gate,
    command: failure.kind === 'conflict' ? `merge onto ${base}` : failure.command,
    ok: false,
    exit_code: null,
    timed_out: false,
    duration_ms: 0,
    output_tail:
      failure.kind === 'conflict' ? `conflicts in: ${failure.files.join(', ')}` : failure.outputTail,
    output_path: null,
    fingerprint:
      failure.kind === 'conflict' ? `merge:${[...failure.files].sort().join(',')}` : failure.fingerprint,
  });
}
