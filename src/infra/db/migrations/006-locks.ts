import type { Migration } from './index.js';

export const m006Locks: Migration = {
  version: 6,
  name: 'named locks held by a live process',
  sql: `
    -- One holder per name (the run loop, the merge queue, ...). A holder is identified by pid and
    -- process start time, so a crashed holder is recognised and replaced, never left stuck.
    CREATE TABLE locks (
      name TEXT PRIMARY KEY,
      pid INTEGER NOT NULL,
      process_start TEXT NOT NULL,
      info TEXT,
      since INTEGER NOT NULL
    );
  `,
};
