import type { Migration } from './index.js';

/** The host a task's agent runs on (config `hosts`; null: this machine), for status and the executor. */
export const m039TaskHost: Migration = {
  version: 39,
  name: 'the host a task runs on',
  sql: `
    ALTER TABLE tasks ADD COLUMN host TEXT;
  `,
};
