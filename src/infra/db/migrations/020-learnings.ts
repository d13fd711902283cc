import type { Migration } from './index.js';

export const m020Learnings: Migration = {
  version: 20,
  name: 'learning proposals',
  sql: `
    CREATE TABLE learnings (
      id TEXT PRIMARY KEY,
      section TEXT NOT NULL,
      entry TEXT NOT NULL,
      key TEXT NOT NULL,
      evidence TEXT NOT NULL,
      status TEXT NOT NULL,
      updated_at INTEGER NOT NULL
    );
  `,
};
