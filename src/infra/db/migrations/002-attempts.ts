import type { Migration } from './index.js';

export const m002Attempts: Migration = {
  version: 2,
  name: 'agent attempts; agent events live in the journal, indexed by attempt',
  sql: `
    -- One row per agent process run for a task (initial run, fix loop, resume, reassign, retry).
    -- pid + process_start identify the process across a grove restart (pid-reuse safe); the offsets
    -- say how far its stdout/stderr log files have been read, advanced in the same transaction as the
    -- events read from them.
    CREATE TABLE attempts (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      task_id TEXT NOT NULL,
      n INTEGER NOT NULL,
      kind TEXT NOT NULL,
      agent TEXT NOT NULL,
      adapter TEXT NOT NULL,
      session_id TEXT,
      pid INTEGER,
      process_start TEXT,
      started_at INTEGER NOT NULL,
      ended_at INTEGER,
      exit_code INTEGER,
      signal TEXT,
      outcome TEXT,
      log_dir TEXT NOT NULL,
      stdout_offset INTEGER NOT NULL DEFAULT 0,
      stderr_offset INTEGER NOT NULL DEFAULT 0,
      last_output_at INTEGER,
      -- The cost an agent reported for the whole attempt in its final event (Claude's total_cost_usd).
      reported_cost_usd REAL,
      UNIQUE (task_id, n)
    );
    CREATE INDEX attempts_unfinished ON attempts(ended_at) WHERE ended_at IS NULL;
    -- Agent events are journal rows of type 'agent'; this column lets them be read per attempt.
    ALTER TABLE events ADD COLUMN attempt_id INTEGER;
    CREATE INDEX events_attempt ON events(attempt_id, id) WHERE attempt_id IS NOT NULL;
  `,
};
