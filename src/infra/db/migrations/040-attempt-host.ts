import type { Migration } from './index.js';

/**
 * The host each attempt ran on (null: this machine). A task's host can change (its host could not be
 * reached and the attempt went to the fallback, or its file names another), so following, stopping and
 * verifying an attempt asks the attempt, not the task. Attempts made before this take their task's host.
 */
export const m040AttemptHost: Migration = {
  version: 40,
  name: 'the host an attempt runs on',
  sql: `
    ALTER TABLE attempts ADD COLUMN host TEXT;
    UPDATE attempts SET host = (SELECT host FROM tasks WHERE tasks.id = attempts.task_id);
  `,
};
