import type { Migration } from './index.js';

export const m036TaskBudgetUsd: Migration = {
  version: 36,
  name: "a task's dollar budget (its file, its role or budgets.usd), as the scheduler holds it to",
  sql: `ALTER TABLE tasks ADD COLUMN budget_usd REAL;`,
};
