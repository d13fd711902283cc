import { z } from 'zod';
import { appendEvent } from './append-event.js';
import type { Db } from './open.js';
import { writeTx } from './open.js';

export const NotificationRowSchema = z.object({
  id: z.number().int(),
  task_id: z.string().nullable(),
  kind: z.string(),
  message: z.string(),
  at: z.number(),
  delivered_at: z.number().nullable(),
});
export type NotificationRow = z.infer<typeof NotificationRowSchema>;

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
      .map((r) => NotificationRowSchema.parse(r));
  }

  /** Marks it delivered; returns false if it was delivered already (two notifiers never both send). */
  markDelivered(id: number): boolean {
    const info = this.db
      .prepare('UPDATE notifications SET delivered_at = ? WHERE id = ? AND delivered_at IS NULL')
      .run(this.now(), id);
    return info.changes > 0;
  }
}
