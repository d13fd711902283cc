import type { JournalEventType, ReadJournalEvent } from '../../shared/journal-event.js';
import { parseJournalEvent } from '../../shared/journal-event.js';
import type { Db } from './open.js';

/**
 * One journal row, its event parsed (`type` narrows `data`). A row that does not parse comes back as
 * `{type: 'unreadable', data: {storedType, raw, reason}}`: kept, so ids stay continuous for tails and
 * `grove events` can show it, and skipped by every reader that asks for a type.
 */
export type JournalRow = {
  id: number;
  at: number;
  task_id: string | null;
  attempt_id: number | null;
} & ReadJournalEvent;

/** A readable row of one event type. */
export type JournalRowOf<T extends JournalEventType> = Extract<JournalRow, { type: T }>;

/** A row as SQLite returns it (data is the JSON text). */
export interface RawJournalRow {
  id: number;
  at: number;
  task_id: string | null;
  attempt_id: number | null;
  type: string;
  data: string;
}

const COLUMNS = 'id, at, task_id, attempt_id, type, data';

/**
 * The read side of the journal (the `events` table): every row parsed into a typed `JournalEvent`
 * (src/shared/journal-event.ts lists the types and their data), or `unreadable` when it does not parse.
 * Ids only grow, so `since(lastSeenId)` tails it (the dashboard's SSE, `grove events --follow`).
 */
export class Journal {
  constructor(private readonly db: Db) {}

  since(afterId: number, limit = 500): JournalRow[] {
    return this.query({ afterId, limit });
  }

  lastId(): number {
    return (this.db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM events').get() as { id: number }).id;
  }

  /**
   * A task's rows, oldest first. With `types`, only rows of those types that parse (typed by them);
   * an unreadable row of such a type is skipped, since its reader could not use it.
   */
  forTask(taskId: string): JournalRow[];
  forTask<T extends JournalEventType>(taskId: string, types: readonly T[]): Array<JournalRowOf<T>>;
  forTask(taskId: string, types?: readonly JournalEventType[]): JournalRow[] {
    const rows = this.query({ taskId, ...(types ? { types } : {}) });
    return types ? rows.filter((r) => r.type !== 'unreadable') : rows;
  }

  /** The general query: filters combine; oldest first; `last` keeps only the newest n rows. */
  query(opts: {
    taskId?: string;
    types?: readonly string[];
    afterId?: number;
    /** Only rows with id <= upToId (a consistent cut: read up to a `lastId()` taken earlier). */
    upToId?: number;
    limit?: number;
    last?: number;
  }): JournalRow[] {
    const where = ['id > ?'];
    const params: unknown[] = [opts.afterId ?? 0];
    if (opts.upToId !== undefined) {
      where.push('id <= ?');
      params.push(opts.upToId);
    }
    if (opts.taskId !== undefined) {
      where.push('task_id = ?');
      params.push(opts.taskId);
    }
    if (opts.types && opts.types.length > 0) {
      where.push(`type IN (${opts.types.map(() => '?').join(', ')})`);
      params.push(...opts.types);
    }
    const base = `SELECT ${COLUMNS} FROM events WHERE ${where.join(' AND ')}`;
    const sql =
      opts.last !== undefined
        ? `SELECT * FROM (${base} ORDER BY id DESC LIMIT ?) ORDER BY id`
        : `${base} ORDER BY id LIMIT ?`;
    params.push(opts.last ?? opts.limit ?? -1);
    return (this.db.prepare(sql).all(...params) as RawJournalRow[]).map(parseRow);
  }
}

/** A raw `events` row with its event parsed (see JournalRow for rows that do not parse). */
export function parseRow(row: RawJournalRow): JournalRow {
  const { type, data, ...rest } = row;
  return { ...rest, ...parseJournalEvent(type, data) };
}
