import type { Migration } from './index.js';

export const m004GateRuns: Migration = {
  version: 4,
  name: 'gate runs',
  sql: `
    -- One row per gate command run in a task's worktree (tests, lint, acceptance, ownership, ...).
    -- fingerprint: the normalised failure signature the stuck detector compares across fix rounds.
    CREATE TABLE gate_runs (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      task_id TEXT NOT NULL,
      attempt_id INTEGER,
      gate TEXT NOT NULL,
      command TEXT NOT NULL,
      ok INTEGER NOT NULL,
      exit_code INTEGER,
      timed_out INTEGER NOT NULL DEFAULT 0,
      duration_ms INTEGER NOT NULL,
      output_tail TEXT NOT NULL,
      output_path TEXT,
      fingerprint TEXT,
      at INTEGER NOT NULL
    );
    CREATE INDEX gate_runs_task ON gate_runs(task_id, gate, id);
  `,
};
