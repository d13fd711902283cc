import type { Migration } from './index.js';

/**
 * Agent plans (config `review.agent_plan`, a task's `agent_plan`): each plan turn of a task, with the
 * worktree as it was when the turn started (its HEAD and a snapshot tree, so grove can tell whether the
 * turn changed a file and put it back) and, once the turn ended, the plan the agent wrote. A review now
 * says what it was of: the code (a commit) or the agent's plan.
 */
export const m035AgentPlans: Migration = {
  version: 35,
  name: "agent plan turns and their plans; a review's subject (code or plan)",
  sql: `
    CREATE TABLE agent_plans (
      attempt_id INTEGER PRIMARY KEY REFERENCES attempts (id),
      task_id TEXT NOT NULL,
      base_head TEXT NOT NULL,
      base_tree TEXT NOT NULL,
      started_at INTEGER NOT NULL,
      plan TEXT,
      ended_at INTEGER
    );
    CREATE INDEX agent_plans_by_task ON agent_plans (task_id, attempt_id);
    ALTER TABLE reviews ADD COLUMN subject TEXT NOT NULL DEFAULT 'code' CHECK (subject IN ('code', 'plan'));
  `,
};
