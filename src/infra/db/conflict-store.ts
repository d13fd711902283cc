import { z } from 'zod';
import { classifyGone } from '../../core/conflicts/gone.js';
import { appendEvent } from './append-event.js';
import type { Db } from './open.js';
import { writeTx } from './open.js';

export const ConflictAgainstSchema = z.enum(['task', 'base']);
export type ConflictAgainst = z.infer<typeof ConflictAgainstSchema>;

/** One predicted conflict: two task branches (`a` < `b`), or task `a` against the base branch `b`. */
export interface ConflictPair {
  a: string;
  b: string;
  against: ConflictAgainst;
  files: string[];
  aTip: string;
  bTip: string;
}

export interface ConflictRow extends ConflictPair {
  firstSeen: number;
  lastSeen: number;
}

/** Something a prediction could not check (a deleted branch, unrelated histories). */
export const ConflictProblemSchema = z.object({
  task: z.string(),
  kind: z.enum(['missing-ref', 'unrelated']),
  message: z.string(),
});
export type ConflictProblem = z.infer<typeof ConflictProblemSchema>;

export interface ConflictCheckRow {
  id: number;
  at: number;
  durationMs: number;
  tasks: string[];
  pairs: number;
  conflicts: number;
  problems: ConflictProblem[];
}

const RowSchema = z.object({
  a: z.string(),
  b: z.string(),
  against: ConflictAgainstSchema,
  files: z.string(),
  a_tip: z.string(),
  b_tip: z.string(),
  first_seen: z.number(),
  last_seen: z.number(),
});

const CheckSchema = z.object({
  id: z.number().int(),
  at: z.number(),
  duration_ms: z.number(),
  tasks: z.string(),
  pairs: z.number().int(),
  conflicts: z.number().int(),
  problems: z.string(),
});

const key = (p: Pick<ConflictPair, 'a' | 'b' | 'against'>): string => `${p.against}\0${p.a}\0${p.b}`;

/** Whether a stored conflict already says what `p` says (same tips, same files in the same order). */
function samePrediction(row: ConflictPair, p: ConflictPair): boolean {
  return (
    row.aTip === p.aTip &&
    row.bTip === p.bTip &&
    row.files.length === p.files.length &&
    row.files.every((f, i) => f === p.files[i])
  );
}

/**
 * The conflicts predicted by the last check. `replace` swaps in a new prediction in one transaction
 * and journals each change (type 'conflict', phase 'new', 'resolved', or 'moved' when a task ↔ task
 * conflict is now one side's against the base: the other landed), so the journal says when two branches
 * started and stopped conflicting.
 */
export class ConflictStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  replace(
    found: readonly ConflictPair[],
    check: {
      durationMs: number;
      tasks: readonly string[];
      pairs: number;
      problems: readonly ConflictProblem[];
    },
  ): { added: ConflictRow[]; resolved: ConflictRow[]; moved: ConflictRow[]; current: ConflictRow[] } {
    return writeTx(this.db, () => {
      const at = this.now();
      const before = new Map(this.list().map((r) => [key(r), r]));
      const added: ConflictRow[] = [];
      const current: ConflictRow[] = [];
      let unchanged = 0;
      const upsert = this.db.prepare(
        `INSERT INTO conflicts (a, b, against, files, a_tip, b_tip, first_seen, last_seen)
         VALUES (@a, @b, @against, @files, @aTip, @bTip, @at, @at)
         ON CONFLICT (against, a, b) DO UPDATE SET files = excluded.files, a_tip = excluded.a_tip,
           b_tip = excluded.b_tip, last_seen = excluded.last_seen`,
      );
      for (const p of found) {
        const old = before.get(key(p));
        // An unchanged row is left as it is (its last_seen moves below, with every other kept row).
        if (!old || !samePrediction(old, p)) upsert.run({ ...p, files: JSON.stringify(p.files), at });
        else unchanged++;
        before.delete(key(p));
        const row: ConflictRow = { ...p, firstSeen: old?.firstSeen ?? at, lastSeen: at };
        current.push(row);
        if (!old) {
          added.push(row);
          appendEvent(this.db, {
            at,
            taskId: p.a,
            type: 'conflict',
            data: { phase: 'new', a: p.a, b: p.b, against: p.against, files: p.files },
          });
        }
      }
      const gone = classifyGone([...before.values()], added);
      const remove = this.db.prepare('DELETE FROM conflicts WHERE against = ? AND a = ? AND b = ?');
      for (const g of gone) {
        const r = g.pair;
        remove.run(r.against, r.a, r.b);
        appendEvent(this.db, {
          at,
          taskId: r.a,
          type: 'conflict',
          data:
            g.kind === 'moved'
              ? {
                  phase: 'moved',
                  a: r.a,
                  b: r.b,
                  against: r.against,
                  files: r.files,
                  movedTo: { a: g.to.a, b: g.to.b, against: g.to.against },
                }
              : { phase: 'resolved', a: r.a, b: r.b, against: r.against, files: r.files },
        });
      }
      if (unchanged > 0) this.db.prepare('UPDATE conflicts SET last_seen = ?').run(at);
      const resolved = gone.flatMap((g) => (g.kind === 'resolved' ? [g.pair] : []));
      const moved = gone.flatMap((g) => (g.kind === 'moved' ? [g.pair] : []));
      this.db
        .prepare(
          'INSERT INTO conflict_checks (at, duration_ms, tasks, pairs, conflicts, problems) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .run(
          at,
          Math.round(check.durationMs),
          JSON.stringify(check.tasks),
          check.pairs,
          found.length,
          JSON.stringify(check.problems),
        );
      return { added, resolved, moved, current };
    });
  }

  /** The conflicts predicted now, pairs of tasks first, by task id. */
  list(): ConflictRow[] {
    return this.db
      .prepare('SELECT * FROM conflicts ORDER BY against DESC, a, b')
      .all()
      .map((raw) => {
        const r = RowSchema.parse(raw);
        return {
          a: r.a,
          b: r.b,
          against: r.against,
          files: z.array(z.string()).parse(JSON.parse(r.files)),
          aTip: r.a_tip,
          bTip: r.b_tip,
          firstSeen: r.first_seen,
          lastSeen: r.last_seen,
        };
      });
  }

  /** The latest check, if any ran. */
  lastCheck(): ConflictCheckRow | undefined {
    const raw = this.db.prepare('SELECT * FROM conflict_checks ORDER BY id DESC LIMIT 1').get();
    if (raw === undefined) return undefined;
    const r = CheckSchema.parse(raw);
    return {
      id: r.id,
      at: r.at,
      durationMs: r.duration_ms,
      tasks: z.array(z.string()).parse(JSON.parse(r.tasks)),
      pairs: r.pairs,
      conflicts: r.conflicts,
      problems: z.array(ConflictProblemSchema).parse(JSON.parse(r.problems)),
    };
  }
}
