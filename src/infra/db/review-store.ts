import { z } from 'zod';
import type { Db } from './open.js';
import { writeTx } from './open.js';

const ReviewVerdictSchema = z.enum(['approved', 'changes-requested']);
type ReviewVerdict = z.infer<typeof ReviewVerdictSchema>;
/** What a review looked at: the code (a commit's diff) or the agent's own plan (`agent_plan`). */
const ReviewSubjectSchema = z.enum(['code', 'plan']);
export type ReviewSubject = z.infer<typeof ReviewSubjectSchema>;

const ReviewRowSchema = z.object({
  id: z.number().int(),
  task_id: z.string(),
  verdict: ReviewVerdictSchema,
  /** The commit reviewed (the branch tip the person looked at). */
  commit_sha: z.string(),
  message: z.string(),
  by: z.string(),
  at: z.number(),
  voided_at: z.number().nullable(),
  void_reason: z.string().nullable(),
  subject: ReviewSubjectSchema,
});
type ReviewRow = z.infer<typeof ReviewRowSchema>;

const ReviewCommentRowSchema = z.object({
  id: z.number().int(),
  review_id: z.number().int(),
  file: z.string(),
  line: z.number().int(),
  /** The code on that line of the new side, so the agent needs no diff to find it. */
  quoted: z.string(),
  text: z.string(),
});
type ReviewCommentRow = z.infer<typeof ReviewCommentRowSchema>;

interface ReviewInput {
  taskId: string;
  verdict: ReviewVerdict;
  commit: string;
  message: string;
  by: string;
  /** Default `code`. */
  subject?: ReviewSubject;
  comments?: ReadonlyArray<Pick<ReviewCommentRow, 'file' | 'line' | 'quoted' | 'text'>>;
}

/** Code reviews per task, each for one commit, with their line comments. */
export class ReviewStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Records the review and keeps it only if `move` (run in the same write transaction with the new
   * review's id, typically a task transition with `expectFrom`) returns true: two people reviewing the
   * same task at once cannot both record.
   */
  recordIf(input: ReviewInput, move: (reviewId: number) => boolean): ReviewRow | undefined {
    return writeTx(this.db, () => {
      const row = this.insert(input);
      if (move(row.id)) return row;
      this.db.prepare('DELETE FROM review_comments WHERE review_id = ?').run(row.id);
      this.db.prepare('DELETE FROM reviews WHERE id = ?').run(row.id);
      return undefined;
    });
  }

  get(id: number): ReviewRow | undefined {
    const row = this.db.prepare('SELECT * FROM reviews WHERE id = ?').get(id);
    return row === undefined ? undefined : ReviewRowSchema.parse(row);
  }

  listForTask(taskId: string): ReviewRow[] {
    const rows = this.db.prepare('SELECT * FROM reviews WHERE task_id = ? ORDER BY id').all(taskId);
    return rows.map((r) => ReviewRowSchema.parse(r));
  }

  comments(reviewId: number): ReviewCommentRow[] {
    const rows = this.db
      .prepare('SELECT * FROM review_comments WHERE review_id = ? ORDER BY id')
      .all(reviewId);
    return rows.map((r) => ReviewCommentRowSchema.parse(r));
  }

  /**
   * The task's approval that still stands (not voided), latest first; undefined when none. Of its code
   * unless `subject` says `plan` (the agent's plan, approved before the agent implements it).
   */
  standingApproval(taskId: string, subject: ReviewSubject = 'code'): ReviewRow | undefined {
    const row = this.db
      .prepare(
        "SELECT * FROM reviews WHERE task_id = ? AND subject = ? AND verdict = 'approved' AND voided_at IS NULL ORDER BY id DESC LIMIT 1",
      )
      .get(taskId, subject);
    return row === undefined ? undefined : ReviewRowSchema.parse(row);
  }

  /** Voids an approval (the branch moved on from the commit approved); false when already void. */
  void(id: number, reason: string): boolean {
    const info = this.db
      .prepare('UPDATE reviews SET voided_at = ?, void_reason = ? WHERE id = ? AND voided_at IS NULL')
      .run(this.now(), reason, id);
    return info.changes > 0;
  }

  private insert(input: ReviewInput): ReviewRow {
    const info = this.db
      .prepare(
        'INSERT INTO reviews (task_id, verdict, commit_sha, message, by, at, subject) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        input.taskId,
        input.verdict,
        input.commit,
        input.message,
        input.by,
        this.now(),
        input.subject ?? 'code',
      );
    const id = Number(info.lastInsertRowid);
    const add = this.db.prepare(
      'INSERT INTO review_comments (review_id, file, line, quoted, text) VALUES (?, ?, ?, ?, ?)',
    );
    for (const c of input.comments ?? []) add.run(id, c.file, c.line, c.quoted, c.text);
    return this.get(id)!;
  }
}
