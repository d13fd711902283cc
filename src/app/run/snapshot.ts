// Builds the scheduler's snapshot from the stores: tokens, attempts, fix iterations, failure
// fingerprints (per attempt of the current session lineage) and the gate outcome of verifying tasks.
import type { AttemptRow } from '../../infra/db/attempt-store.js';
import type { TaskRow } from '../../infra/db/task-store.js';
import type { SchedulerSnapshot, SchedulerTask } from '../../core/scheduler/index.js';
import { policyFromConfig } from '../../core/scheduler/index.js';
import { approvedVerified } from '../review/approved.js';
import type { SpecApproval } from '../../core/plan/approval.js';
import { currentSpecApprovals } from '../plan-approval/spec-approvals.js';
import { describeShared, ownershipOverlaps } from '../../core/plan/parallel-safety.js';
import type { GatesView, RunRuntime } from './runtime.js';
import { unresolvedConflict } from './open-conflict.js';
import type { UsageTotals } from '../../infra/db/usage-store.js';
import { costOf } from '../../core/cost.js';
import { capReachedMessage } from '../../core/spend.js';
import { budgetOf, collectSpend } from './spend.js';
import { bestOfView, dependencyResolver } from './best-of.js';
import { bestOfGroups } from '../../core/best-of/groups.js';
import type { TaskSpec } from '../../shared/task-spec.js';

/** Attempt kinds that begin a fresh session (fix counts and stuck history start again). */
const FRESH = new Set(['initial', 'retry', 'reassign']);

/** The attempts of the task's current session lineage: from its latest fresh start on. */
export function lineage(attempts: readonly AttemptRow[]): AttemptRow[] {
  let start = 0;
  attempts.forEach((a, i) => {
    if (FRESH.has(a.kind)) start = i;
  });
  return attempts.slice(start);
}

/** Fix iterations and conflicts sent back to the agent since `since` (from the state journal). */
export function sendBacks(
  rt: RunRuntime,
  taskId: string,
  since: number,
): { fixes: number; conflicts: number } {
  let fixes = 0;
  let conflicts = 0;
  for (const h of rt.stores.tasks.stateHistory(taskId)) {
    // A catch-up (grove merged the base in, git resolved it) is no agent round: not counted.
    if (h.at < since || h.to !== 'fixing' || h.kind === 'catch-up') continue;
    if (h.kind === 'conflict') conflicts += 1;
    else fixes += 1;
  }
  return { fixes, conflicts };
}

/** Task ids to schedule: the selection and everything it depends on (all tasks when empty). */
export function selectTasks(rt: RunRuntime, only: readonly string[]): string[] {
  const all = rt.stores.tasks.list().map((t) => t.id);
  if (only.length === 0) return all;
  const specs = new Map(rt.ctx.tasks.map((t) => [t.id, t]));
  const groups = bestOfGroups(rt.ctx.tasks);
  const out = new Set<string>();
  const todo = [...only];
  for (let id = todo.pop(); id !== undefined; id = todo.pop()) {
    if (out.has(id)) continue;
    out.add(id);
    // A best-of task's id names all of its attempts.
    todo.push(...(groups.get(id) ?? []), ...(specs.get(id)?.depends_on ?? []));
  }
  return all.filter((id) => out.has(id));
}

function gatesView(rt: RunRuntime, task: TaskRow, latest: AttemptRow | undefined): GatesView {
  const held = rt.gateOutcomes.get(task.id);
  if (!held || held.attemptId !== (latest?.id ?? null)) return { kind: 'pending' };
  const o = held.outcome;
  switch (o.kind) {
    case 'passed':
      return { kind: 'passed' };
    case 'failed':
      return { kind: 'failed', gate: o.gate, fingerprint: o.fingerprint };
    case 'scope-expansion':
      return { kind: 'pending' };
  }
}

/**
 * For each task, the tasks whose `owns` may overlap its own and that could run at the same time, with
 * what both own: the scheduler never starts one while the other holds the paths (until it is merged),
 * unless config `run_overlapping` allows it.
 */
export function overlapMap(rt: RunRuntime): ReadonlyMap<string, Map<string, string>> {
  const map = new Map<string, Map<string, string>>();
  if (rt.ctx.config.run_overlapping) return map;
  const add = (x: string, y: string, shared: string): void => {
    const m = map.get(x) ?? new Map<string, string>();
    m.set(y, shared);
    map.set(x, m);
  };
  for (const o of ownershipOverlaps(rt.ctx.tasks)) {
    const shared = describeShared(o);
    add(o.a, o.b, shared);
    add(o.b, o.a, shared);
  }
  return map;
}

/**
 * The task's dollar budget (on its row: its file, its role or `budgets.usd`, as last synced or resumed)
 * and what it has cost, when a dollar budget applies to it.
 */
function dollarBudget(
  rt: RunRuntime,
  row: TaskRow,
  usage: UsageTotals | undefined,
): Pick<SchedulerTask, 'usd'> {
  if (row.budget_usd === null) return {};
  const cost = costOf(usage?.costUsd ?? 0, usage?.unpriced ?? [], rt.ctx.config);
  return { usd: { used: cost.usd, unknown: cost.unknown, limit: row.budget_usd } };
}

export function buildTask(
  rt: RunRuntime,
  row: TaskRow,
  usage: UsageTotals | undefined,
  overlaps: ReadonlyMap<string, ReadonlyMap<string, string>> = new Map(),
  plan: ReadonlyMap<string, SpecApproval> = new Map(),
  dependency: (dep: string) => string = (dep) => dep,
): SchedulerTask {
  const attempts = rt.stores.attempts.listForTask(row.id);
  const latest = attempts[attempts.length - 1];
  const current = lineage(attempts);
  const since = current[0]?.started_at ?? 0;
  const ids = new Set(current.map((a) => a.id));
  const fingerprints: string[] = [];
  const seen = new Set<number>();
  for (const g of rt.stores.gates.listForTask(row.id)) {
    if (g.at < since || g.ok || g.fingerprint === null) continue;
    if (g.attempt_id !== null) {
      if (!ids.has(g.attempt_id) || seen.has(g.attempt_id)) continue;
      seen.add(g.attempt_id);
    }
    fingerprints.push(g.fingerprint);
  }
  const live = latest && latest.ended_at === null ? latest : undefined;
  const spec = rt.ctx.tasks.find((t) => t.id === row.id);
  const overlapsOf = overlaps.get(row.id);
  const specApproval = plan.get(row.id);
  return {
    id: row.id,
    state: row.state,
    priority: row.priority,
    dependsOn: (spec?.depends_on ?? []).map(dependency),
    agent: row.agent ?? rt.ctx.config.default_agent,
    host: row.host,
    tokensUsed: usage?.total ?? 0,
    budget: row.budget_tokens ?? budgetOf(spec, rt.ctx.config).tokens,
    ...dollarBudget(rt, row, usage),
    attempts: attempts.length,
    fixIterations: sendBacks(rt, row.id, since).fixes,
    reassignments: attempts.filter((a) => a.kind === 'reassign').length,
    attemptStartedAt: live?.started_at ?? null,
    lastOutputAt: live?.last_output_at ?? null,
    ...(live && rt.stores.agentEvents.latestOfKind(live.id, 'finished') ? { agentFinished: true } : {}),
    failureFingerprints: fingerprints,
    ...withOpenConflict(rt, row),
    ...(overlapsOf
      ? { overlapsWith: [...overlapsOf.keys()], overlapShared: Object.fromEntries(overlapsOf) }
      : {}),
    ...(row.state === 'verifying' ? { gates: gatesView(rt, row, latest) } : {}),
    ...(row.state === 'verified' ? { approved: approvedVerified(rt.stores, row) } : {}),
    ...(specApproval ? { plan: specApproval } : {}),
    ...withBestOf(rt, row, spec, usage),
  };
}

function withBestOf(
  rt: RunRuntime,
  row: TaskRow,
  spec: TaskSpec | undefined,
  usage: UsageTotals | undefined,
): Pick<SchedulerTask, 'bestOf'> {
  const view = bestOfView(rt, row, spec, usage);
  return view ? { bestOf: view } : {};
}

/** Only tasks that failed a gate can be stuck or blocked on an unresolved conflict. */
function withOpenConflict(rt: RunRuntime, row: TaskRow): Pick<SchedulerTask, 'openConflict'> {
  if (row.state !== 'verifying' && row.state !== 'stuck' && row.state !== 'fixing') return {};
  const open = unresolvedConflict(rt, row.id);
  return open ? { openConflict: open } : {};
}

export function buildSnapshot(rt: RunRuntime, taskIds: readonly string[]): SchedulerSnapshot {
  const usage = rt.stores.usage.perTask();
  const wanted = new Set(taskIds);
  const overlaps = overlapMap(rt);
  // A dependency on a best-of task stands for the attempt that is kept (src/core/best-of/groups.ts).
  const dependency = dependencyResolver(rt.ctx.tasks, rt.stores);
  // Config `review.plan: required`: each spec against the lead's latest plan approval.
  const plan =
    rt.ctx.config.review.plan === 'required'
      ? new Map(currentSpecApprovals(rt.stores, rt.ctx.tasks).map((a) => [a.id, a]))
      : new Map<string, SpecApproval>();
  const tasks = rt.stores.tasks
    .list()
    .filter((r) => wanted.has(r.id))
    .map((r) => buildTask(rt, r, usage[r.id], overlaps, plan, dependency));
  const now = rt.ctx.now();
  // A fleet spend cap reached: no new agent session starts (src/core/scheduler/spend-cap.ts).
  const reached = capsOn(rt.ctx.config)
    ? collectSpend(rt.stores, rt.ctx.config, rt.ctx.tasks, now).reached
    : [];
  return {
    tasks,
    policy: policyFromConfig(rt.ctx.config),
    now,
    ...(reached.length > 0 ? { spendCap: { message: capReachedMessage(reached) } } : {}),
  };
}

function capsOn(config: RunRuntime['ctx']['config']): boolean {
  return config.budgets.usd_per_cycle !== undefined || config.budgets.usd_per_day !== undefined;
}
