import type { Db } from './open.js';
import { prepared } from './prepared.js';

/**
 * Appends one row to the journal (the `events` table) and returns its id, which is also the id the
 * dashboard's event stream uses. Callers run it inside their own write transaction when the journal
 * row must land together with the change it records.
 */
export function appendEvent(
  db: Db,
  row: { at: number; taskId: string | null; type: string; data: unknown; attemptId?: number | null },
): number {
  const stmt = prepared(
    db,
    'INSERT INTO events (at, task_id, type, data, attempt_id) VALUES (?, ?, ?, ?, ?)',
  );
  const info = stmt.run(row.at, row.taskId, row.type, JSON.stringify(row.data), row.attemptId ?? null);
  return Number(info.lastInsertRowid);
}
