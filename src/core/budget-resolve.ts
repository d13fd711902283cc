import type { Config } from '../shared/config.js';
import type { TaskFrontMatter } from '../shared/task-spec.js';

/**
 * Which budget a task runs with. Precedence, per kind (tokens, dollars) on its own: the task's own
 * `budget` in its file, then its `role`'s budget (config `budgets.roles`), then the defaults
 * (`budgets.tokens`, `budgets.usd`). So `budgets.roles: {frontend: {tokens: 180000}}` and `role: frontend`
 * give a task 180k tokens unless its file says `budget: {tokens: …}`. Pure.
 */

/** Where a budget figure came from: the task file, its role, or the config default. */
export type BudgetSource = 'task' | 'role' | 'default';

export interface TaskBudget {
  tokens: number;
  tokensFrom: BudgetSource;
  /** Dollars the task may spend; null when no dollar budget applies. */
  usd: number | null;
  usdFrom: BudgetSource | null;
  /** The task's role, when it names one. */
  role: string | null;
}

export type BudgetConfig = Pick<Config['budgets'], 'tokens' | 'usd' | 'roles'>;

export function resolveTaskBudget(
  spec: Pick<TaskFrontMatter, 'budget' | 'role'> | undefined,
  budgets: BudgetConfig,
): TaskBudget {
  const role = spec?.role ?? null;
  const ofRole = role !== null && Object.hasOwn(budgets.roles, role) ? budgets.roles[role] : undefined;
  const tokens = pick(spec?.budget?.tokens, ofRole?.tokens, budgets.tokens);
  const usd = pick(spec?.budget?.usd, ofRole?.usd, budgets.usd);
  return {
    tokens: tokens?.value ?? budgets.tokens,
    tokensFrom: tokens?.from ?? 'default',
    usd: usd?.value ?? null,
    usdFrom: usd?.from ?? null,
    role,
  };
}

function pick(
  task: number | undefined,
  role: number | undefined,
  fallback: number | undefined,
): { value: number; from: BudgetSource } | undefined {
  if (task !== undefined) return { value: task, from: 'task' };
  if (role !== undefined) return { value: role, from: 'role' };
  if (fallback !== undefined) return { value: fallback, from: 'default' };
  return undefined;
}

/** Where a budget came from, as `grove plan` and `grove status` say it: "its file", "role frontend", "default". */
export function describeBudgetSource(from: BudgetSource, role: string | null): string {
  switch (from) {
    case 'task':
      return 'its file';
    case 'role':
      return `role ${role ?? '?'}`;
    case 'default':
      return 'default';
  }
}
