import type { Migration } from './index.js';

export const m005Notifications: Migration = {
  version: 5,
  name: 'notifications for the lead',
  sql: `
    -- Things a person should hear about (budget pause, stuck, blocked, conflict, merged), kept until
    -- a notifier delivers them (desktop, terminal bell, webhook).
    CREATE TABLE notifications (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      task_id TEXT,
      kind TEXT NOT NULL,
      message TEXT NOT NULL,
      at INTEGER NOT NULL,
      delivered_at INTEGER
    );
    CREATE INDEX notifications_undelivered ON notifications(id) WHERE delivered_at IS NULL;
  `,
};
