import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { GroveError } from '../../shared/errors.js';
import type { Migration } from './migrations/index.js';
import { MIGRATIONS } from './migrations/index.js';
import { sqliteCode, toDbError } from './db-error.js';

export type Db = Database.Database;

/**
 * Opens (creating if needed) the state database: WAL so readers never block the writer, a busy
 * timeout so two grove processes wait for each other instead of failing, and every pending migration
 * applied in one immediate transaction.
 */
export function openDatabase(path: string, options: { busyTimeoutMs?: number } = {}): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  let db: Db | undefined;
  try {
    db = new Database(path);
    const busyTimeoutMs = options.busyTimeoutMs ?? 10_000;
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    enableWal(db, path, busyTimeoutMs);
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db);
    return db;
  } catch (error) {
    db?.close();
    throw toDbError(error, path);
  }
}

/**
 * Switches a new database to WAL (a no-op once it is). When several processes create the file at the
 * same moment, SQLite answers SQLITE_BUSY at once instead of calling the busy handler, so retry with a
 * short randomised back-off until the busy timeout.
 */
function enableWal(db: Db, path: string, busyTimeoutMs: number): void {
  if (path === ':memory:') return;
  const deadline = Date.now() + busyTimeoutMs;
  for (let attempt = 0; ; attempt++) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if (sqliteCode(error)?.startsWith('SQLITE_BUSY') !== true || Date.now() > deadline) throw error;
      sleepSync(Math.min(100, 2 ** attempt) * (0.5 + Math.random()));
    }
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The highest schema version this build of grove knows. */
export function latestVersion(migrations: readonly Migration[] = MIGRATIONS): number {
  return migrations.reduce((max, m) => Math.max(max, m.version), 0);
}

/**
 * Applies every migration above the database's `user_version`, in one immediate transaction. Safe
 * when several processes open the database at once: the version is re-read after the write lock is
 * taken, so a migration another process applied meanwhile is skipped, never run twice.
 */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): void {
  const ordered = [...migrations].sort((a, b) => a.version - b.version);
  ordered.forEach((m, i) => {
    if (i > 0 && ordered[i - 1]!.version === m.version)
      throw new GroveError('INTERNAL', `two migrations share version ${m.version}`);
  });
  const latest = latestVersion(ordered);
  const current = () => db.pragma('user_version', { simple: true }) as number;
  const check = (v: number) => {
    if (v > latest)
      throw new GroveError(
        'DB_FAILED',
        `the grove state database is at schema version ${v}, newer than this grove knows (${latest})`,
        { hint: 'upgrade grove (a newer grove has used this repository)' },
      );
  };
  check(current());
  if (current() === latest) return;
  db.transaction(() => {
    const v = current();
    check(v);
    for (const m of ordered) {
      if (m.version <= v) continue;
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }
  }).immediate();
}

/** Runs `fn` in a write transaction taken up front (BEGIN IMMEDIATE), so concurrent writers queue. */
export function writeTx<T>(db: Db, fn: () => T): T {
  try {
    return db.transaction(fn).immediate();
  } catch (error) {
    throw toDbError(error, db.name);
  }
}
