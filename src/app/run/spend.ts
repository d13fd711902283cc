// The fleet's spend, from the stores: what the current cycle and today cost against the caps
// (src/core/spend.ts), and what the running tasks will cost at their burn (src/core/spend-forecast.ts).
// The one builder for the run loop (no new starts at a cap), `grove status`, the cycle report and the
// dashboard, so they all show the same figures.
import type { TaskBudget } from '../../core/budget-resolve.js';
import { resolveTaskBudget } from '../../core/budget-resolve.js';
import type { CostConfig } from '../../core/cost.js';
import { costOf } from '../../core/cost.js';
import type { CapCheck, SpendTotal } from '../../core/spend.js';
import { checkSpendCaps, localDay, sumSpend } from '../../core/spend.js';
import type { FleetForecast, TaskBurn } from '../../core/spend-forecast.js';
import { forecastFleet } from '../../core/spend-forecast.js';
import type { AttemptStore } from '../../infra/db/attempt-store.js';
import type { TaskRow, TaskStore } from '../../infra/db/task-store.js';
import type { UsageStore } from '../../infra/db/usage-store.js';
import type { Config } from '../../shared/config.js';
import type { TaskSpec } from '../../shared/task-spec.js';
import { ACTIVE_STATES } from '../../shared/task-state.js';
import { latestCycle } from '../report/report-input.js';
import { formatCost, formatUsd } from '../../shared/cost-format.js';

export interface SpendSources {
  tasks: Pick<TaskStore, 'list' | 'stateHistory'>;
  attempts: Pick<AttemptStore, 'listForTask'>;
  usage: Pick<UsageStore, 'perAttempt' | 'perTask'>;
}

export type SpendConfig = CostConfig & Pick<Config, 'budgets' | 'attempts'>;

export interface SpendView {
  /** The current cycle (the highest cycle any task belongs to) and what its tasks' attempts cost. */
  cycle: { number: number; spent: SpendTotal };
  /** Today (local time) and what the attempts started today cost. */
  day: { day: string; spent: SpendTotal };
  /** The configured caps against their spend. */
  caps: CapCheck[];
  /** The caps reached: no new agent session starts while any is. */
  reached: CapCheck[];
  forecast: FleetForecast;
}

/** The budget a task runs with: its file, its role, the defaults (src/core/budget-resolve.ts). */
export function budgetOf(spec: TaskSpec | undefined, config: Pick<Config, 'budgets'>): TaskBudget {
  return resolveTaskBudget(spec, config.budgets);
}

export function collectSpend(
  src: SpendSources,
  config: SpendConfig,
  specs: readonly TaskSpec[],
  now: number,
): SpendView {
  const rows = src.tasks.list();
  // The current cycle, as the cycle report reads it (new tasks join the next once it is finished).
  const cycleNumber = latestCycle(src);
  const inCycle = new Set(rows.filter((t) => t.cycle === cycleNumber).map((t) => t.id));
  const { day, start } = localDay(now);
  const attempts = src.usage.perAttempt().map((a) => {
    const cost = costOf(a.costUsd, a.unpriced ? [a.unpriced] : [], config);
    return { taskId: a.taskId, startedAt: a.startedAt, usd: cost.usd, unknown: cost.unknown };
  });
  const cycleSpent = sumSpend(attempts.filter((a) => inCycle.has(a.taskId)));
  const daySpent = sumSpend(attempts.filter((a) => a.startedAt >= start));
  const caps = checkSpendCaps([
    { window: 'cycle', period: String(cycleNumber), cap: config.budgets.usd_per_cycle, spent: cycleSpent },
    { window: 'day', period: day, cap: config.budgets.usd_per_day, spent: daySpent },
  ]);
  return {
    cycle: { number: cycleNumber, spent: cycleSpent },
    day: { day, spent: daySpent },
    caps,
    reached: caps.filter((c) => c.reached),
    forecast: forecastFleet(runningBurns(src, config, specs, rows, now)),
  };
}

function runningBurns(
  src: SpendSources,
  config: SpendConfig,
  specs: readonly TaskSpec[],
  rows: readonly TaskRow[],
  now: number,
): TaskBurn[] {
  const usage = src.usage.perTask();
  const byId = new Map(specs.map((s) => [s.id, s]));
  return rows
    .filter((r) => ACTIVE_STATES.includes(r.state))
    .map((r): TaskBurn => {
      const attempts = src.attempts.listForTask(r.id);
      const live = attempts.at(-1);
      const runningMs = attempts.reduce((ms, a) => ms + Math.max(0, (a.ended_at ?? now) - a.started_at), 0);
      const u = usage[r.id];
      const cost = costOf(u?.costUsd ?? 0, u?.unpriced ?? [], config);
      const budget = budgetOf(byId.get(r.id), config);
      const tokens = r.budget_tokens ?? budget.tokens;
      const usdLimit = r.budget_usd ?? budget.usd;
      const pauseAt = config.budgets.pause_at;
      return {
        taskId: r.id,
        tokens: u?.total ?? 0,
        usd: cost.usd,
        usdUnknown: cost.unknown,
        runningMs,
        pauseAtTokens: Math.floor(tokens * pauseAt),
        pauseAtUsd: usdLimit === null ? null : usdLimit * pauseAt,
        remainingMs: live && live.ended_at === null ? config.attempts.timeout - (now - live.started_at) : 0,
      };
    });
}

/**
 * The dollar budget `grove resume` continues the task with: its file's, its role's or `budgets.usd` as
 * they are now (the lead raises it there), recorded on the task so a running scheduler holds the task to
 * it. Refused, with what to raise, when the task's known cost would pause it again at once.
 */
export function resumeDollarBudget(
  deps: {
    config: Config;
    tasks: readonly TaskSpec[];
    store: Pick<TaskStore, 'require' | 'patch'>;
    stores: { usage: Pick<UsageStore, 'totalsForTask'> };
  },
  id: string,
): { kind: 'ok' } | { kind: 'refused'; message: string; hint: string } {
  const spec = deps.tasks.find((t) => t.id === id);
  const budget = budgetOf(spec, deps.config);
  const record = (): { kind: 'ok' } => {
    if (deps.store.require(id).budget_usd !== budget.usd) deps.store.patch(id, { budget_usd: budget.usd });
    return { kind: 'ok' };
  };
  if (budget.usd === null) return record();
  const u = deps.stores.usage.totalsForTask(id);
  const cost = costOf(u.costUsd, u.unpriced, deps.config);
  if (cost.usd < budget.usd * deps.config.budgets.pause_at) return record();
  const where =
    budget.usdFrom === 'task'
      ? `budget.usd in ${spec?.file ?? `.grove/tasks/${id}.md`}`
      : budget.usdFrom === 'role'
        ? `budgets.roles.${budget.role ?? '?'}.usd in .grove/config.yaml (or give the task its own budget.usd)`
        : 'budgets.usd in .grove/config.yaml (or give the task its own budget.usd)';
  return {
    kind: 'refused',
    message: `${id} has spent ${formatCost(cost.usd, cost.unknown)} of its ${formatUsd(budget.usd)} dollar budget and would pause again at once`,
    hint: `raise ${where}, then grove resume ${id}`,
  };
}
