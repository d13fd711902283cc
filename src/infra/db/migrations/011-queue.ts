import type { Migration } from './index.js';

export const m011Queue: Migration = {
  version: 11,
  name: 'merge queue',
  sql: `
    -- One row per stay of a task in the merge queue: waiting → testing → merged | rejected | removed.
    CREATE TABLE queue_entries (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      task_id TEXT NOT NULL,
      status TEXT NOT NULL,
      enqueued_at INTEGER NOT NULL,
      started_at INTEGER,
      finished_at INTEGER,
      result TEXT,
      commit_oid TEXT,
      window INTEGER,
      detail TEXT
    );
    CREATE INDEX queue_entries_task ON queue_entries(task_id, id);
    CREATE INDEX queue_entries_status ON queue_entries(status, id);
    -- The planner's state between rounds (one row): the speculative window and a bisection in progress.
    CREATE TABLE queue_state (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      window INTEGER NOT NULL,
      bisection TEXT
    );
    -- One row per round: the candidates built and tested (JSON: size, tasks, commit, outcome) and where
    -- the base went. Every value the base took is a candidate commit whose test passed.
    CREATE TABLE queue_rounds (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      at INTEGER NOT NULL,
      base_before TEXT NOT NULL,
      base_after TEXT,
      window INTEGER NOT NULL,
      candidates TEXT NOT NULL,
      duration_ms INTEGER NOT NULL,
      note TEXT
    );
  `,
};
