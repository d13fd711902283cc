import type { Migration } from './index.js';

export const m012Conflicts: Migration = {
  version: 12,
  name: 'predicted conflicts',
  sql: `
    -- The conflicts predicted now (git merge-tree): one row per pair of task branches (against 'task',
    -- a < b) or per task branch against the base (against 'base', b = the base branch name).
    -- A pair that no longer conflicts is deleted; first_seen tells a new conflict from a known one.
    CREATE TABLE conflicts (
      a TEXT NOT NULL,
      b TEXT NOT NULL,
      against TEXT NOT NULL CHECK (against IN ('task', 'base')),
      files TEXT NOT NULL,
      a_tip TEXT NOT NULL,
      b_tip TEXT NOT NULL,
      first_seen INTEGER NOT NULL,
      last_seen INTEGER NOT NULL,
      PRIMARY KEY (against, a, b)
    );
    -- One row per prediction run: how long it took and what could not be checked.
    CREATE TABLE conflict_checks (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      at INTEGER NOT NULL,
      duration_ms INTEGER NOT NULL,
      tasks TEXT NOT NULL,
      pairs INTEGER NOT NULL,
      conflicts INTEGER NOT NULL,
      problems TEXT NOT NULL
    );
  `,
};
