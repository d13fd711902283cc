import type { Db } from '../../infra/db/open.js';
import type { JournalEvent } from '../../shared/api.js';

/**
 * The read side of the journal (the `events` table) as the dashboard needs it. Rows are only read
 * here; every write goes through the stores in src/infra/db.
 */
export interface JournalReader {
  since(afterId: number, limit: number): JournalEvent[];
  lastId(): number;
  /** The newest `limit` events of a task, oldest first. */
  forTask(taskId: string, limit: number): JournalEvent[];
  /** The newest event of `type` for every task that has one. */
  latestPerTask(type: string): Map<string, JournalEvent>;
}

interface EventRow {
  id: number;
  at: number;
  task_id: string | null;
  type: string;
  data: string;
}

function toEvent(row: EventRow): JournalEvent {
  let data: unknown;
  try {
    data = JSON.parse(row.data);
  } catch {
    data = row.data;
  }
  return { id: row.id, at: row.at, taskId: row.task_id, type: row.type, data };
}

/** A reader over the events table with prepared statements (the SSE tail runs `since` often). */
export function openJournalReader(db: Db): JournalReader {
  const since = db.prepare('SELECT id, at, task_id, type, data FROM events WHERE id > ? ORDER BY id LIMIT ?');
  const last = db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM events');
  const forTask = db.prepare(
    'SELECT * FROM (SELECT id, at, task_id, type, data FROM events WHERE task_id = ? ORDER BY id DESC LIMIT ?) ORDER BY id',
  );
  const latest = db.prepare(
    `SELECT id, at, task_id, type, data FROM events WHERE id IN
       (SELECT MAX(id) FROM events WHERE type = ? AND task_id IS NOT NULL GROUP BY task_id)`,
  );
  return {
    since: (afterId, limit) => (since.all(afterId, limit) as EventRow[]).map(toEvent),
    lastId: () => (last.get() as { id: number }).id,
    forTask: (taskId, limit) => (forTask.all(taskId, limit) as EventRow[]).map(toEvent),
    latestPerTask: (type) => {
      const out = new Map<string, JournalEvent>();
      for (const row of latest.all(type) as EventRow[]) if (row.task_id) out.set(row.task_id, toEvent(row));
      return out;
    },
  };
}
