import { z } from 'zod';
import { appendEvent } from './append-event.js';
import type { Db } from './open.js';
import { writeTx } from './open.js';

export const QueueEntryStatusSchema = z.enum(['waiting', 'testing', 'merged', 'rejected', 'removed']);
export type QueueEntryStatus = z.infer<typeof QueueEntryStatusSchema>;

export const QueueEntrySchema = z.object({
  id: z.number().int(),
  task_id: z.string(),
  status: QueueEntryStatusSchema,
  enqueued_at: z.number(),
  started_at: z.number().nullable(),
  finished_at: z.number().nullable(),
  result: z.string().nullable(),
  commit_oid: z.string().nullable(),
  window: z.number().int().nullable(),
  detail: z.string().nullable(),
});
export type QueueEntry = z.infer<typeof QueueEntrySchema>;

export interface RoundCandidate {
  size: number;
  tasks: string[];
  commit: string | null;
  outcome: 'pass' | 'fail' | 'conflict' | 'untested';
  /** A pass not tested again: whose pass on the same tree it reused. */
  reused?: string;
  /** How long its queue test ran (a candidate tested in this round). */
  ms?: number;
  /** Its share of the CPU the round's tests used (where the OS tells: Linux). */
  cpuMs?: number;
}

export const QueueRoundSchema = z.object({
  id: z.number().int(),
  at: z.number(),
  base_before: z.string(),
  base_after: z.string().nullable(),
  window: z.number().int(),
  candidates: z.string(),
  duration_ms: z.number(),
  note: z.string().nullable(),
});

export interface QueueRound {
  id: number;
  at: number;
  baseBefore: string;
  baseAfter: string | null;
  window: number;
  candidates: RoundCandidate[];
  durationMs: number;
  note: string | null;
}

const OPEN: readonly QueueEntryStatus[] = ['waiting', 'testing'];

/**
 * The merge queue's history and state: entries (one per stay of a task in the queue), the planner's
 * window and bisection between rounds, and every round with its candidates. Changes are journaled
 * (type 'queue') for the dashboard and reports.
 */
export class QueueStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  /** Adds the task at the tail unless it is already waiting or testing; returns its open entry. */
  add(taskId: string): QueueEntry {
    return writeTx(this.db, () => {
      const open = this.openEntry(taskId);
      if (open) return open;
      const at = this.now();
      const info = this.db
        .prepare("INSERT INTO queue_entries (task_id, status, enqueued_at) VALUES (?, 'waiting', ?)")
        .run(taskId, at);
      appendEvent(this.db, { at, taskId, type: 'queue', data: { phase: 'enqueued' } });
      return this.get(Number(info.lastInsertRowid))!;
    });
  }

  get(id: number): QueueEntry | undefined {
    const row = this.db.prepare('SELECT * FROM queue_entries WHERE id = ?').get(id);
    return row === undefined ? undefined : QueueEntrySchema.parse(row);
  }

  openEntry(taskId: string): QueueEntry | undefined {
    const row = this.db
      .prepare(
        "SELECT * FROM queue_entries WHERE task_id = ? AND status IN ('waiting', 'testing') ORDER BY id LIMIT 1",
      )
      .get(taskId);
    return row === undefined ? undefined : QueueEntrySchema.parse(row);
  }

  /** Waiting and testing entries, queue order (oldest first). */
  open(): QueueEntry[] {
    return this.parse(
      this.db.prepare("SELECT * FROM queue_entries WHERE status IN ('waiting', 'testing') ORDER BY id").all(),
    );
  }

  /** Finished entries, newest first. */
  history(limit = 50): QueueEntry[] {
    return this.parse(
      this.db
        .prepare(
          "SELECT * FROM queue_entries WHERE status NOT IN ('waiting', 'testing') ORDER BY id DESC LIMIT ?",
        )
        .all(limit),
    );
  }

  markTesting(taskId: string, window: number): void {
    writeTx(this.db, () => {
      this.db
        .prepare(
          `UPDATE queue_entries SET status = 'testing', started_at = COALESCE(started_at, ?), window = ?
           WHERE task_id = ? AND status IN ('waiting', 'testing')`,
        )
        .run(this.now(), window, taskId);
    });
  }

  /** Back to waiting (its batch failed because of another task, or the base moved). */
  markWaiting(taskId: string): void {
    this.db
      .prepare("UPDATE queue_entries SET status = 'waiting' WHERE task_id = ? AND status = 'testing'")
      .run(taskId);
  }

  finish(
    taskId: string,
    status: Exclude<QueueEntryStatus, 'waiting' | 'testing'>,
    result: string,
    options: { commit?: string; detail?: string } = {},
  ): void {
    writeTx(this.db, () => {
      const at = this.now();
      this.db
        .prepare(
          `UPDATE queue_entries SET status = ?, result = ?, finished_at = ?, commit_oid = ?, detail = ?
           WHERE task_id = ? AND status IN ('waiting', 'testing')`,
        )
        .run(status, result, at, options.commit ?? null, options.detail ?? null, taskId);
      appendEvent(this.db, {
        at,
        taskId,
        type: 'queue',
        data: { phase: status, result, commit: options.commit ?? null, detail: options.detail ?? null },
      });
    });
  }

  state(defaultWindow: number): { window: number; bisection: unknown } {
    const row = this.db.prepare('SELECT window, bisection FROM queue_state WHERE id = 1').get() as
      { window: number; bisection: string | null } | undefined;
    if (!row) return { window: defaultWindow, bisection: undefined };
    return { window: row.window, bisection: row.bisection === null ? undefined : JSON.parse(row.bisection) };
  }

  saveState(window: number, bisection: unknown): void {
    this.db
      .prepare(
        `INSERT INTO queue_state (id, window, bisection) VALUES (1, ?, ?)
         ON CONFLICT (id) DO UPDATE SET window = excluded.window, bisection = excluded.bisection`,
      )
      .run(window, bisection === undefined ? null : JSON.stringify(bisection));
  }

  recordRound(r: Omit<QueueRound, 'id' | 'at'>): QueueRound {
    return writeTx(this.db, () => {
      const at = this.now();
      const info = this.db
        .prepare(
          `INSERT INTO queue_rounds (at, base_before, base_after, window, candidates, duration_ms, note)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          at,
          r.baseBefore,
          r.baseAfter,
          r.window,
          JSON.stringify(r.candidates),
          Math.round(r.durationMs),
          r.note,
        );
      const id = Number(info.lastInsertRowid);
      appendEvent(this.db, {
        at,
        taskId: null,
        type: 'queue',
        data: {
          phase: 'round',
          round: id,
          window: r.window,
          baseBefore: r.baseBefore,
          baseAfter: r.baseAfter,
          candidates: r.candidates,
          note: r.note,
        },
      });
      return { ...r, id, at };
    });
  }

  /** Every round, oldest first; with `limit`, the newest `limit` of them (still oldest first). */
  rounds(limit?: number): QueueRound[] {
    const rows =
      limit === undefined
        ? this.db.prepare('SELECT * FROM queue_rounds ORDER BY id').all()
        : this.db
            .prepare('SELECT * FROM (SELECT * FROM queue_rounds ORDER BY id DESC LIMIT ?) ORDER BY id')
            .all(limit);
    return rows.map((raw) => {
      const r = QueueRoundSchema.parse(raw);
      return {
        id: r.id,
        at: r.at,
        baseBefore: r.base_before,
        baseAfter: r.base_after,
        window: r.window,
        candidates: JSON.parse(r.candidates) as RoundCandidate[],
        durationMs: r.duration_ms,
        note: r.note,
      };
    });
  }

  isOpen(status: QueueEntryStatus): boolean {
    return OPEN.includes(status);
  }

  private parse(rows: unknown[]): QueueEntry[] {
    return rows.map((r) => QueueEntrySchema.parse(r));
  }
}
