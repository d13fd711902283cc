// The steps of a merge-queue round after its candidates are built (see round.ts): test them, move the
// base to the longest passing prefix, reject the culprit, record the round.
import type {
  AppliedRound,
  CandidateOutcome,
  CandidateResult,
  PlannedCandidate,
} from '../../core/queue/index.js';
import { formatCommand } from '../../core/prompt.js';
import { queueFailureDetail } from '../../core/queue/failure-detail.js';
import type { GateStore } from '../../infra/db/gate-store.js';
import type { QueueStore, RoundCandidate } from '../../infra/db/queue-store.js';
import type { ProjectContext } from '../context.js';
import type { ResolvedBase } from '../workspace/base.js';
import type { CheckoutOutcome } from './checkout.js';
import { moveBase } from './checkout.js';
import { recordCheckoutRefusal } from './checkout-hold.js';
import { recordBaseTip } from './base-guard.js';
import type { QueueTest } from './integration.js';
import { prepareIntegrationWorktree, runQueueTest } from './integration.js';
import type { QueueFailure } from './types.js';
import type { ReusedPass } from '../verify/gate-reuse.js';
import { endedChildrenCpuMs } from '../../infra/process/child-cpu.js';
import { findReusablePass, gateEnvKey, treeOfCommit } from '../verify/gate-reuse.js';

/** What every step of one round reads. */
export interface RoundSetup {
  ctx: ProjectContext;
  queue: QueueStore;
  gates: GateStore;
  /** The queue, head first. */
  ids: readonly string[];
  base: ResolvedBase;
  test: QueueTest;
  started: number;
}

/** The prefix of size `at + 1` does not build: task `ids[at]` conflicts in `files`. */
export interface PrefixConflict {
  at: number;
  files: string[];
}

/**
 * Tests the planned candidates at once (each in its own integration worktree) and records each run,
 * with how long its test took and its share of the CPU the round's child processes used (the window's
 * measure of what one test run costs; see core/queue/auto-window.ts).
 */
export async function testCandidates(
  round: RoundSetup,
  planned: readonly PlannedCandidate[],
  commits: readonly string[],
  conflict: PrefixConflict | undefined,
): Promise<{ results: CandidateResult[]; record: RoundCandidate[] }> {
  const { ctx, gates, ids, test } = round;
  const record: RoundCandidate[] = [];
  const results: CandidateResult[] = [];
  // The queue test runs in grove's own environment (runQueueTest passes no other).
  const envKey = gateEnvKey(process.env);
  const cpuBefore = endedChildrenCpuMs();
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
      const taskId = c.tasks[c.tasks.length - 1]!;
      const tree = await treeOfCommit(ctx.paths.mainRoot, commit);
      const command = formatCommand(test.command);
      const reused = findReusablePass(gates, tree, command, envKey);
      if (reused) {
        recordReusedPass(gates, { taskId, command, commit, tree, envKey, reused });
        results.push({ size: c.size, outcome: { kind: 'pass' } });
        record.push({ size: c.size, tasks: c.tasks, commit, outcome: 'pass', reused: reused.where });
        return;
      }
      const dir = await prepareIntegrationWorktree(ctx, slot + 1, commit);
      const r = await runQueueTest(dir, test);
      gates.record({
        task_id: taskId,
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
        commit_sha: commit,
        tree_sha: tree,
        env_key: envKey,
      });
      const outcome: CandidateOutcome = r.ok
        ? { kind: 'pass' }
        : { kind: 'fail', fingerprint: r.fingerprint ?? 'queue', output: r.outputTail };
      results.push({ size: c.size, outcome });
      record.push({
        size: c.size,
        tasks: c.tasks,
        commit,
        outcome: r.ok ? 'pass' : 'fail',
        ms: r.durationMs,
      });
    }),
  );
  record.sort((a, b) => a.size - b.size);
  shareCpu(record, cpuBefore, endedChildrenCpuMs());
  return { results, record };
}

/** The CPU the round's child processes used, split over the tested candidates by how long each ran. */
function shareCpu(record: RoundCandidate[], before: number | undefined, after: number | undefined): void {
  if (before === undefined || after === undefined) return;
  const tested = record.filter((r) => r.ms !== undefined);
  const wall = tested.reduce((sum, r) => sum + r.ms!, 0);
  if (wall <= 0) return;
  for (const r of tested) r.cpuMs = Math.round(((after - before) * r.ms!) / wall);
}

/** A candidate not tested again: its gate run says whose pass on the same tree it reuses. */
function recordReusedPass(
  gates: GateStore,
  r: { taskId: string; command: string; commit: string; tree: string; envKey: string; reused: ReusedPass },
): void {
  gates.record({
    task_id: r.taskId,
    attempt_id: null,
    gate: 'queue',
    command: r.command,
    ok: true,
    exit_code: r.reused.source.exit_code,
    timed_out: false,
    duration_ms: 0,
    output_tail: `reused from ${r.reused.where}: tree ${r.tree.slice(0, 8)} already passed \`${r.command}\`, not run again`,
    output_path: r.reused.source.output_path,
    fingerprint: null,
    commit_sha: r.commit,
    tree_sha: r.tree,
    env_key: r.envKey,
    reused_from: r.reused.source.id,
  });
}

export type Landed =
  | {
      kind: 'landed';
      merged: Array<{ taskId: string; commit: string }>;
      baseAfter: string | null;
      checkout: CheckoutOutcome | undefined;
    }
  /** Someone else moved the base, or its checkout refused the move, during the round: nothing merged. */
  | { kind: 'moved-under'; note: string; cause: string };

/**
 * Moves the base by compare-and-swap, only to a candidate that passed (or nothing is configured to
 * test), and marks its tasks merged.
 */
export async function landPassing(
  round: RoundSetup,
  merge: readonly string[],
  commits: readonly string[],
  /** The landed candidate's pass was reused: from where. */
  reused?: string,
): Promise<Landed> {
  const { ctx, queue, base } = round;
  const merged: Array<{ taskId: string; commit: string }> = [];
  if (merge.length === 0) return { kind: 'landed', merged, baseAfter: null, checkout: undefined };
  const repo = ctx.paths.mainRoot;
  const target = commits[merge.length - 1]!;
  const moved = await moveBase(repo, base.name, base.oid, target, 'grove merge queue');
  if (moved.kind === 'moved-under') {
    const note = `${base.name} moved to ${moved.actual?.slice(0, 8) ?? 'nothing'} during the round (expected ${base.oid.slice(0, 8)}): nothing merged, rebuilding`;
    return { kind: 'moved-under', note, cause: `${base.name} moved during the round: rebuilding` };
  }
  if (moved.kind === 'refused') {
    recordCheckoutRefusal(ctx, base.name, moved);
    const note = `your checkout of ${base.name} at ${moved.path} changed during the round and git refused to move it (${moved.files.join(', ') || moved.reason}): nothing merged; the queue waits until it is clean`;
    return { kind: 'moved-under', note, cause: `${base.name}'s checkout changed during the round: waiting` };
  }
  const { checkout } = moved;
  recordBaseTip(ctx, base.name, target);
  const reusedNote = reused ? ` (its test reused from ${reused})` : '';
  merge.forEach((id, i) => {
    const commit = commits[i]!;
    ctx.store.transition(id, 'merged', `merged into ${base.name} as ${commit.slice(0, 8)}${reusedNote}`, {
      expectFrom: ['integrating'],
      data: { commit, ...(reused ? { testReusedFrom: reused } : {}) },
    });
    queue.finish(id, 'merged', 'merged', {
      commit,
      ...(reused ? { detail: `test reused from ${reused}` } : {}),
    });
    merged.push({ taskId: id, commit });
  });
  return { kind: 'landed', merged, baseAfter: target, checkout };
}

/** The culprit leaves the queue with its failure recorded; the hooks decide where it goes. */
export function rejectCulprit(
  round: RoundSetup,
  culprit: NonNullable<AppliedRound['culprit']>,
): { taskId: string; failure: QueueFailure } {
  const { queue, gates, base, test } = round;
  const { taskId, outcome } = culprit;
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
    detail:
      failure.kind === 'conflict'
        ? `conflicts with ${base.name} in ${failure.files.join(', ')}`
        : queueFailureDetail(failure),
  });
  return { taskId, failure };
}

export function recordRound(
  round: RoundSetup,
  r: { baseAfter: string | null; window: number; record: RoundCandidate[]; note: string | null },
): number {
  return round.queue.recordRound({
    baseBefore: round.base.oid,
    baseAfter: r.baseAfter,
    window: r.window,
    candidates: r.record,
    durationMs: Date.now() - round.started,
    note: r.note,
  }).id;
}

export function requeue(ctx: ProjectContext, queue: QueueStore, id: string, cause: string): void {
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
