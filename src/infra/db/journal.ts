import type { Db } from './open.js';

export interface JournalRow {
  id: number;
  at: number;
  task_id: string | null;
  attempt_id: number | null;
  type: string;
  data: unknown;
}

interface RawRow extends Omit<JournalRow, 'data'> {
  data: string;
}

const COLUMNS = 'id, at, task_id, attempt_id, type, data';

/**
 * The read side of the journal (the `events` table): every task state transition (type 'state',
 * data {from, to, cause}), agent event ('agent'), attempt start/end ('attempt'), gate run ('gate'),
 * notification ('notify'), lock take-over ('lock'), and what later features add. Ids only grow, so
 * `since(lastSeenId)` tails it (the dashboard's SSE, `grove events --follow`).
 */
export class Journal {
  constructor(private readonly db: Db) {}

  since(afterId: number, limit = 500): JournalRow[] {
    return this.query({ afterId, limit });
  }

  lastId(): number {
    return (this.db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM events').get() as { id: number }).id;
  }

  forTask(taskId: string, types?: readonly string[]): JournalRow[] {
    return this.query({ taskId, types });
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
    return (this.db.prepare(sql).all(...params) as RawRow[]).map(parseRow);
  }
}

function parseRow(row: RawRow): JournalRow {
  let data: unknown;
  try {
    data = JSON.parse(row.data);
  } catch {
    data = row.data;
  }
  return { ...row, data };
}
