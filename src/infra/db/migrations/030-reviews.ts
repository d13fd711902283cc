import type { Migration } from './index.js';

/**
 * A person's code reviews (config `review.code: required`). Each verdict is for one commit: an approval
 * stands only while the task's verified commit is the one approved, and is voided (with the reason) when
 * the branch moves on. Comments are anchored to a line of the new side of the diff, with the code quoted.
 */
export const m030Reviews: Migration = {
  version: 30,
  name: 'code reviews and their comments',
  sql: `
    CREATE TABLE reviews (
      id INTEGER PRIMARY KEY,
      task_id TEXT NOT NULL,
      verdict TEXT NOT NULL CHECK (verdict IN ('approved', 'changes-requested')),
      commit_sha TEXT NOT NULL,
      message TEXT NOT NULL,
      by TEXT NOT NULL,
      at INTEGER NOT NULL,
      voided_at INTEGER,
      void_reason TEXT
    );
    CREATE INDEX reviews_by_task ON reviews (task_id, id);
    CREATE TABLE review_comments (
      id INTEGER PRIMARY KEY,
      review_id INTEGER NOT NULL REFERENCES reviews (id),
      file TEXT NOT NULL,
      line INTEGER NOT NULL,
      quoted TEXT NOT NULL,
      text TEXT NOT NULL
    );
    CREATE INDEX review_comments_by_review ON review_comments (review_id, id);
  `,
};
