import type { Migration } from './index.js';

export const m001Tasks: Migration = {
  version: 1,
  name: 'tasks and the event journal',
  sql: `
    CREATE TABLE tasks (
      id TEXT PRIMARY KEY,
      title TEXT NOT NULL,
      state TEXT NOT NULL,
      agent TEXT,
      branch TEXT,
      worktree TEXT,
      base TEXT,
      priority INTEGER NOT NULL DEFAULT 0,
      spec_hash TEXT,
      budget_tokens INTEGER,
      session_id TEXT,
      port INTEGER,
      cycle INTEGER NOT NULL DEFAULT 1,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    );
    -- The journal: every task state transition (type 'state', data {from,to,cause}) and every other
    -- thing worth showing live (agent events, gates, queue, conflicts). Its id is the SSE event id.
    CREATE TABLE events (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      at INTEGER NOT NULL,
      task_id TEXT,
      type TEXT NOT NULL,
      data TEXT NOT NULL
    );
    CREATE INDEX events_task ON events(task_id, id);
    CREATE INDEX events_type ON events(type, id);
  `,
};
