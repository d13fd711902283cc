import type { Migration } from './index.js';

/**
 * What was verified and what grove wrote: each gate run records the commit it looked at, a task the
 * commit its gates passed on (the queue builds only from it), and each base the tip the queue last
 * moved it to (a move by anyone else is caught before the next round).
 */
export const m021VerifiedCommits: Migration = {
  version: 21,
  name: 'verified commits and base tips',
  sql: `
    ALTER TABLE gate_runs ADD COLUMN commit_sha TEXT;
    ALTER TABLE tasks ADD COLUMN verified_commit TEXT;
    CREATE TABLE base_tips (
      base TEXT PRIMARY KEY,
      tip TEXT NOT NULL,
      at INTEGER NOT NULL
    );
  `,
};
