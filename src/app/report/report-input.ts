// The ONE builder of the cycle report's input (src/core/report): `grove report`, `grove run`'s closing
// report, the demo and the dashboard all read the stores through here, so they show the same numbers.
// Every figure comes from a stored row: state history (with each move's `kind`, so a conflict
// send-back is not counted as a gate fix iteration), attempts, usage, gate runs, scope violations,
// the merge queue's test runs and conflict rejections, and the learning proposals of the selected tasks.
import type {
  ReportBestOf,
  ReportInput,
  ReportQueueConflict,
  ReportQueueRun,
  ReportTaskInput,
} from '../../core/report/index.js';
import type { CostConfig } from '../../core/cost.js';
import { costOf } from '../../core/cost.js';
import type { AttemptStore } from '../../infra/db/attempt-store.js';
import type { GateStore } from '../../infra/db/gate-store.js';
import type { Journal } from '../../infra/db/journal.js';
import type { LearningStore } from '../../infra/db/learning-store.js';
import type { QueueStore } from '../../infra/db/queue-store.js';
import type { TaskStore } from '../../infra/db/task-store.js';
import type { UsageStore } from '../../infra/db/usage-store.js';
import { GroveError } from '../../shared/errors.js';

/** The stores a report reads (only reads). */
export interface ReportStores {
  tasks: Pick<TaskStore, 'list' | 'stateHistory'>;
  attempts: Pick<AttemptStore, 'listForTask'>;
  usage: Pick<UsageStore, 'perTask'>;
  gates: Pick<GateStore, 'listForTask'>;
  journal: Pick<Journal, 'forTask'>;
  queue: Pick<QueueStore, 'rounds'>;
  learnings: Pick<LearningStore, 'list'>;
}

export interface CycleReportOptions {
  /** Only the tasks of this cycle (default: the latest cycle). */
  cycle?: number;
  /** Only these tasks (default: every task of the cycle). */
  tasks?: readonly string[];
}

/** The highest cycle any task belongs to (1 for a fresh project). */
export function latestCycle(stores: Pick<ReportStores, 'tasks'>): number {
  return stores.tasks.list().reduce((max, t) => Math.max(max, t.cycle), 1);
}

/** The task ids a report covers; an unknown task id or an empty cycle is a clear error. */
export function selectTasks(
  stores: Pick<ReportStores, 'tasks'>,
  opts: CycleReportOptions,
): { cycle: number; ids: string[] } {
  const all = stores.tasks.list();
  const cycle = opts.cycle ?? latestCycle(stores);
  for (const id of opts.tasks ?? []) {
    if (!all.some((t) => t.id === id))
      throw new GroveError('USAGE', `no task ${id} in the state database`, {
        hint: 'list the tasks with `grove status`',
      });
  }
  const ids = all
    .filter((t) => t.cycle === cycle && (!opts.tasks?.length || opts.tasks.includes(t.id)))
    .map((t) => t.id);
  if (opts.cycle !== undefined && ids.length === 0)
    throw new GroveError('USAGE', `no tasks in cycle ${opts.cycle}`, {
      hint: `the latest cycle is ${latestCycle(stores)}; leave out --cycle for it`,
    });
  return { cycle, ids };
}

/** The report's input for the selected tasks, as of `now`; costs priced with `pricing` where unreported. */
export function buildReportInput(
  stores: ReportStores,
  pricing: CostConfig,
  now: number,
  opts: CycleReportOptions = {},
): ReportInput {
  const { cycle, ids } = selectTasks(stores, opts);
  const selected = new Set(ids);
  const usage = stores.usage.perTask();
  const tasks = stores.tasks
    .list()
    .filter((t) => selected.has(t.id))
    .map((t): ReportTaskInput => {
      const u = usage[t.id];
      const cost = costOf(u?.costUsd ?? 0, u?.unpriced ?? [], pricing);
      const outside = scopeViolations(stores, t.id);
      return {
        id: t.id,
        title: t.title,
        agent: t.agent,
        host: t.host,
        transitions: stores.tasks.stateHistory(t.id).map((h) => ({
          from: h.from,
          to: h.to,
          at: h.at,
          cause: h.cause,
          ...(h.kind !== undefined ? { kind: h.kind } : {}),
          ...(h.files !== undefined ? { files: h.files } : {}),
        })),
        attempts: stores.attempts.listForTask(t.id).map((a) => ({
          n: a.n,
          kind: a.kind,
          startedAt: a.started_at,
          endedAt: a.ended_at,
          outcome: a.outcome,
        })),
        usage: {
          input: u?.input ?? 0,
          output: u?.output ?? 0,
          cacheRead: u?.cacheRead ?? 0,
          cacheWrite: u?.cacheWrite ?? 0,
          costUsd: cost.usd,
          ...(cost.unknown ? { costUnknown: true } : {}),
        },
        gateRuns: stores.gates
          .listForTask(t.id)
          .map((g) => ({ gate: g.gate, ok: g.ok, at: g.at, durationMs: g.duration_ms })),
        ...(outside.length > 0 ? { scopeViolations: outside } : {}),
      };
    });
  return {
    cycle,
    generatedAt: now,
    tasks,
    queueRuns: queueRuns(stores, selected),
    queueConflicts: queueConflicts(stores, selected),
    bestOf: bestOfRankings(stores, selected),
    learnings: stores.learnings
      .list()
      .filter((l) => l.evidence.some((e) => selected.has(e.task)))
      .map((l) => ({ id: l.id, status: l.status })),
  };
}

/** How grove ranked each best-of task whose attempts are among the tasks (the latest ranking of each). */
function bestOfRankings(stores: ReportStores, ids: ReadonlySet<string>): ReportBestOf[] {
  // An attempt's id is `<group>-try<n>` (src/core/best-of/expand.ts); the ranking is journaled on the group.
  const groups = new Set([...ids].flatMap((id) => /^(.+)-try\d+$/.exec(id)?.[1] ?? []));
  const latest = new Map<string, ReportBestOf>();
  for (const group of groups) {
    const d = stores.journal.forTask(group, ['best-of']).at(-1)?.data;
    if (!d || !d.ranked.some((c) => ids.has(c.id))) continue;
    latest.set(d.group, {
      group: d.group,
      ranked: d.ranked.map((c) => ({ id: c.id, rank: c.rank, passes: c.passes, why: c.why })),
      ...(d.pick !== undefined ? { pick: d.pick } : {}),
      ...(d.fix !== undefined ? { fix: d.fix } : {}),
    });
  }
  return [...latest.values()].sort((a, b) => a.group.localeCompare(b.group));
}

/** Merge-queue candidate test runs that involve at least one of the tasks. */
function queueRuns(stores: ReportStores, ids: ReadonlySet<string>): ReportQueueRun[] {
  return stores.queue.rounds().flatMap((round) =>
    round.candidates
      .filter((c) => (c.outcome === 'pass' || c.outcome === 'fail') && c.tasks.some((t) => ids.has(t)))
      .map((c) => ({
        at: round.at,
        durationMs: round.durationMs,
        tasks: c.tasks,
        ok: c.outcome === 'pass',
      })),
  );
}

/** Candidates the merge queue rejected as conflicts (no test ran): from the queue's journal. */
function queueConflicts(stores: ReportStores, ids: ReadonlySet<string>): ReportQueueConflict[] {
  return [...ids].flatMap((taskId) =>
    stores.journal
      .forTask(taskId, ['queue'])
      .filter((r) => r.data.phase === 'rejected' && r.data.result === 'conflict')
      .map((r) => ({ taskId, at: r.at })),
  );
}

/** Paths each task changed outside its owns (the run loop journals them as `scope` events). */
function scopeViolations(stores: ReportStores, taskId: string): string[] {
  const paths = stores.journal.forTask(taskId, ['scope']).flatMap((r) => r.data.paths);
  return [...new Set(paths)].sort();
}
