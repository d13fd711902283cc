import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { GroveError } from '../../shared/errors.js';
import { MIGRATIONS } from './migrations/index.js';

export type Db = Database.Database;

/**
 * Opens (creating if needed) the state database: WAL so readers never block the writer, a busy
 * timeout so two grove processes wait for each other instead of failing, and every pending migration
 * applied in one immediate transaction.
 */
export function openDatabase(path: string, options: { busyTimeoutMs?: number } = {}): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  let db: Db;
  try {
    db = new Database(path);
  } catch (cause) {
    throw new GroveError('DB_FAILED', `cannot open the grove state database at ${path}`, { cause });
  }
  db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 10_000}`);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return db;
}

export function migrate(db: Db): void {
  const current = () => db.pragma('user_version', { simple: true }) as number;
  if (current() >= MIGRATIONS.length) return;
  db.transaction(() => {
    // Re-read inside the (immediate) transaction: another process may have migrated meanwhile.
    for (const m of MIGRATIONS) {
      if (m.version <= current()) continue;
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }
  }).immediate();
}

/** Runs `fn` in a write transaction taken up front (BEGIN IMMEDIATE), so concurrent writers queue. */
export function writeTx<T>(db: Db, fn: () => T): T {
  return db.transaction(fn).immediate();
}
