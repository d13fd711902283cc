import { Journal, parseRow } from '../../infra/db/journal.js';
import type { JournalRow, RawJournalRow } from '../../infra/db/journal.js';
import type { Db } from '../../infra/db/open.js';
import type { JournalEvent } from '../../shared/api.js';

/** The read side of the journal (the `events` table) as the dashboard needs it. */
export interface JournalReader {
  since(afterId: number, limit: number): JournalEvent[];
  lastId(): number;
  /** The newest `limit` events of a task, oldest first. */
  forTask(taskId: string, limit: number): JournalEvent[];
  /** The newest event of `type` for every task that has one. */
  latestPerTask(type: string): Map<string, JournalEvent>;
}

const toEvent = (row: JournalRow): JournalEvent => ({
  id: row.id,
  at: row.at,
  taskId: row.task_id,
  type: row.type,
  data: row.data,
});

/**
 * Over the db store's Journal, plus one grouped query the board needs (the newest agent event of every
 * task in one statement rather than one query per card). It only reads.
 */
export function openJournalReader(db: Db): JournalReader {
  const journal = new Journal(db);
  const latest = db.prepare(
    `SELECT id, at, task_id, attempt_id, type, data FROM events WHERE id IN
       (SELECT MAX(id) FROM events WHERE type = ? AND task_id IS NOT NULL GROUP BY task_id)`,
  );
  return {
    since: (afterId, limit) => journal.since(afterId, limit).map(toEvent),
    lastId: () => journal.lastId(),
    forTask: (taskId, limit) => journal.query({ taskId, last: limit }).map(toEvent),
    latestPerTask: (type) => {
      const out = new Map<string, JournalEvent>();
      for (const raw of latest.all(type) as RawJournalRow[]) {
        const row = parseRow(raw);
        if (row.task_id !== null) out.set(row.task_id, toEvent(row));
      }
      return out;
    },
  };
}
