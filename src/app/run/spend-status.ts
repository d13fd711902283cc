// What `grove status` says about money: each task's budget (its file, its role or the default) with
// what it has used, the fleet's caps (reached: what to raise), and the running tasks' forecast.
import type { TaskBudget } from '../../core/budget-resolve.js';
import { describeBudgetSource } from '../../core/budget-resolve.js';
import { formatTokens } from '../../core/budget.js';
import { costOf } from '../../core/cost.js';
import { capReachedMessage, describeCap } from '../../core/spend.js';
import type { TaskForecast } from '../../core/spend-forecast.js';
import { describeFleetForecast, describeTaskForecast } from '../../core/spend-forecast.js';
import { formatCost, formatUsd } from '../../shared/cost-format.js';
import type { ProjectContext } from '../context.js';
import { budgetOf, collectSpend } from './spend.js';

/** One task's budget and spend, for `grove status` (and its --json rows). */
export interface TaskSpendStatus {
  budget: TaskBudget;
  tokens: number;
  costUsd: number;
  costUnknown: boolean;
  /** For a running task: what it will cost at its current burn. */
  forecast: TaskForecast | null;
}

type SpendCtx = Pick<ProjectContext, 'stores' | 'config' | 'tasks' | 'now'>;

/** Budget, usage and forecast per task id. */
export function taskSpendStatus(ctx: SpendCtx): Map<string, TaskSpendStatus> {
  const usage = ctx.stores.usage.perTask();
  const forecasts = new Map(
    collectSpend(ctx.stores, ctx.config, ctx.tasks, ctx.now()).forecast.tasks.map((f) => [f.taskId, f]),
  );
  const out = new Map<string, TaskSpendStatus>();
  for (const row of ctx.stores.tasks.list()) {
    const spec = ctx.tasks.find((t) => t.id === row.id);
    const resolved = budgetOf(spec, ctx.config);
    // The row holds what the scheduler holds the task to (a token budget raised on a resume included).
    const budget = {
      ...resolved,
      tokens: row.budget_tokens ?? resolved.tokens,
      usd: row.budget_usd ?? resolved.usd,
    };
    const u = usage[row.id];
    const cost = costOf(u?.costUsd ?? 0, u?.unpriced ?? [], ctx.config);
    out.set(row.id, {
      budget,
      tokens: u?.total ?? 0,
      costUsd: cost.usd,
      costUnknown: cost.unknown,
      forecast: forecasts.get(row.id) ?? null,
    });
  }
  return out;
}

/** "180k tokens (role frontend), $2.00 (its file)". */
export function describeTaskBudget(b: TaskBudget): string {
  const tokens = `${formatTokens(b.tokens)} tokens (${describeBudgetSource(b.tokensFrom, b.role)})`;
  if (b.usd === null || b.usdFrom === null) return tokens;
  return `${tokens}, ${formatUsd(b.usd)} (${describeBudgetSource(b.usdFrom, b.role)})`;
}

/** The lines under the status table: budgets that are not the plain default, caps, the forecast. */
export function spendNotices(ctx: SpendCtx, ids?: readonly string[]): string[] {
  const lines: string[] = [];
  for (const [id, s] of taskSpendStatus(ctx)) {
    if (ids && !ids.includes(id)) continue;
    const plain = s.budget.tokensFrom === 'default' && s.budget.usd === null;
    if (!plain || s.forecast) {
      lines.push(
        `${id} budget: ${describeTaskBudget(s.budget)}; used ${formatTokens(s.tokens)} tokens, ${formatCost(s.costUsd, s.costUnknown)}`,
      );
    }
    if (s.forecast) lines.push(`  forecast ${describeTaskForecast(s.forecast)}`);
  }
  const spend = collectSpend(ctx.stores, ctx.config, ctx.tasks, ctx.now());
  if (spend.reached.length > 0) lines.push(capReachedMessage(spend.reached));
  else if (spend.caps.length > 0) lines.push(`spend — ${spend.caps.map(describeCap).join('; ')}`);
  if (spend.forecast.tasks.length > 0) lines.push(`forecast: ${describeFleetForecast(spend.forecast)}`);
  return lines;
}
