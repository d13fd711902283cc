import type { Migration } from './index.js';

/**
 * The lead's plan approvals (config `review.plan: required`): who approved, when, and the hash of every
 * task spec the plan held then. A task may start only while its spec hashes as the latest approval says.
 */
export const m031PlanApprovals: Migration = {
  version: 31,
  name: 'plan approvals',
  sql: `
    CREATE TABLE plan_approvals (
      id INTEGER PRIMARY KEY,
      by TEXT NOT NULL,
      at INTEGER NOT NULL
    );
    CREATE TABLE plan_approval_specs (
      approval_id INTEGER NOT NULL REFERENCES plan_approvals (id),
      task_id TEXT NOT NULL,
      file TEXT NOT NULL,
      spec_hash TEXT NOT NULL,
      PRIMARY KEY (approval_id, task_id)
    );
  `,
};
