import { GroveError } from '../../shared/errors.js';
import { appendEvent } from './append-event.js';
import type { Db } from './open.js';
import { writeTx } from './open.js';

export interface NotificationRow {
  id: number;
  task_id: string | null;
  kind: string;
  message: string;
  at: number;
  delivered_at: number | null;
}

/**
 * A stored row as `add` writes it, checked by hand (no zod: `grove conflicts` adds notifications and
 * loads no schema library).
 */
function notificationRow(raw: Record<string, unknown>): NotificationRow {
  const { id, task_id, kind, message, at, delivered_at } = raw;
  const ok =
    Number.isInteger(id) &&
    (task_id === null || typeof task_id === 'string') &&
    typeof kind === 'string' &&
    typeof message === 'string' &&
    typeof at === 'number' &&
    (delivered_at === null || typeof delivered_at === 'number');
  if (!ok)
    throw new GroveError('DB_FAILED', `notification row ${String(id)} is malformed`, {
      hint: 'the grove state database was changed outside grove: delete that row from notifications',
    });
  const row = raw as unknown as NotificationRow;
  // Only the columns above (as zod's object schema gave), whatever else a later migration adds.
  return {
    id: row.id,
    task_id: row.task_id,
    kind: row.kind,
    message: row.message,
    at: row.at,
    delivered_at: row.delivered_at,
  };
}

/** What the lead should hear about; each one is journaled (type 'notify') and kept until delivered. */
export class NotificationStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  add(n: { taskId: string | null; kind: string; message: string }): number {
    return writeTx(this.db, () => {
      const at = this.now();
      const info = this.db
        .prepare('INSERT INTO notifications (task_id, kind, message, at) VALUES (?, ?, ?, ?)')
        .run(n.taskId, n.kind, n.message, at);
      const id = Number(info.lastInsertRowid);
      appendEvent(this.db, {
        at,
        taskId: n.taskId,
        type: 'notify',
        data: { notificationId: id, kind: n.kind, message: n.message },
      });
      return id;
    });
  }

  /** Oldest first. */
  list(opts: { undeliveredOnly?: boolean } = {}): NotificationRow[] {
    const sql = opts.undeliveredOnly
      ? 'SELECT * FROM notifications WHERE delivered_at IS NULL ORDER BY id'
      : 'SELECT * FROM notifications ORDER BY id';
    return this.db
      .prepare(sql)
      .all()
      .map((r) => notificationRow(r as Record<string, unknown>));
  }

  /** Marks it delivered; returns false if it was delivered already (two notifiers never both send). */
  markDelivered(id: number): boolean {
    const info = this.db
      .prepare('UPDATE notifications SET delivered_at = ? WHERE id = ? AND delivered_at IS NULL')
      .run(this.now(), id);
    return info.changes > 0;
  }
}
