import type { Migration } from './index.js';

export const m003Usage: Migration = {
  version: 3,
  name: 'token usage, counted once per (attempt, message)',
  sql: `
    -- A usage event without a message id always counts (NULLs never collide in a UNIQUE index);
    -- copies of one message's usage collapse into one row.
    CREATE TABLE usage (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      attempt_id INTEGER NOT NULL REFERENCES attempts(id),
      task_id TEXT NOT NULL,
      message_id TEXT,
      at INTEGER NOT NULL,
      input INTEGER NOT NULL,
      output INTEGER NOT NULL,
      cache_read INTEGER NOT NULL,
      cache_write INTEGER NOT NULL,
      cost_usd REAL NOT NULL DEFAULT 0,
      UNIQUE (attempt_id, message_id)
    );
    CREATE INDEX usage_task ON usage(task_id, id);
  `,
};
