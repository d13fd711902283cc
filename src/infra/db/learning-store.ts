import { z } from 'zod';
import type { LearningProposal, LearningStatus } from '../../core/learnings/index.js';
import { LEARNING_SECTIONS, LEARNING_STATUSES } from '../../core/learnings/index.js';
import { appendEvent } from './append-event.js';
import type { Db } from './open.js';
import { writeTx } from './open.js';

const RowSchema = z.object({
  id: z.string(),
  section: z.enum(LEARNING_SECTIONS),
  entry: z.string(),
  key: z.string(),
  evidence: z.string(),
  status: z.enum(LEARNING_STATUSES),
});

/** Learning proposals: what `grove retro` reviews. Each change is journaled (type `learning`). */
export class LearningStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  list(): LearningProposal[] {
    const rows = this.db.prepare('SELECT * FROM learnings ORDER BY rowid').all();
    return rows.map((r) => {
      const row = RowSchema.parse(r);
      return { ...row, evidence: JSON.parse(row.evidence) as LearningProposal['evidence'] };
    });
  }

  get(id: string): LearningProposal | undefined {
    return this.list().find((p) => p.id === id);
  }

  /** Stores every proposal (new ones inserted, known ones updated). */
  saveAll(proposals: readonly LearningProposal[]): void {
    writeTx(this.db, () => {
      const upsert = this.db.prepare(
        `INSERT INTO learnings (id, section, entry, key, evidence, status, updated_at)
         VALUES (@id, @section, @entry, @key, @evidence, @status, @at)
         ON CONFLICT(id) DO UPDATE SET section = @section, entry = @entry, key = @key, evidence = @evidence,
           status = @status, updated_at = @at`,
      );
      for (const p of proposals) upsert.run({ ...p, evidence: JSON.stringify(p.evidence), at: this.now() });
    });
  }

  /** A person retired `entry` from AGENTS.md (no proposal row changes; the journal keeps who and what). */
  retired(entry: string, by: string): void {
    appendEvent(this.db, { at: this.now(), taskId: null, type: 'agents-md', data: { retired: entry, by } });
  }

  /** `by`: the door the decision came through (cli, dashboard), kept in the journal row. */
  decide(id: string, status: LearningStatus, entry?: string, by?: string, into?: string): void {
    writeTx(this.db, () => {
      this.db
        .prepare('UPDATE learnings SET status = ?, entry = COALESCE(?, entry), updated_at = ? WHERE id = ?')
        .run(status, entry ?? null, this.now(), id);
      appendEvent(this.db, {
        at: this.now(),
        taskId: null,
        type: 'learning',
        data: {
          id,
          status,
          ...(entry === undefined ? {} : { entry }),
          ...(by === undefined ? {} : { by }),
          ...(into === undefined ? {} : { into }),
        },
      });
    });
  }
}
