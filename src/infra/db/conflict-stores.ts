// The stores `grove conflicts` writes through, and nothing else: the task rows (read), the conflicts
// and the lead's notifications. None of them loads zod, so neither does the command (stores.ts builds
// every store, the journal's and the dashboard's schemas among them).
import { ConflictStore } from './conflict-store.js';
import { NotificationStore } from './notification-store.js';
import type { Db } from './open.js';
import type { TaskRow } from './task-rows.js';
import { listTaskRows } from './task-rows.js';

export interface ConflictStores {
  tasks: { list(): TaskRow[] };
  conflicts: ConflictStore;
  notifications: NotificationStore;
}

export function openConflictStores(db: Db, now: () => number = Date.now): ConflictStores {
  return {
    tasks: { list: () => listTaskRows(db) },
    conflicts: new ConflictStore(db, now),
    notifications: new NotificationStore(db, now),
  };
}
