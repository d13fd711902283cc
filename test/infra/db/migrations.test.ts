import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../src/infra/db/migrations/index.js';
import { latestVersion, migrate, openDatabase } from '../../../src/infra/db/open.js';
import { TaskStore } from '../../../src/infra/db/task-store.js';

describe('migrations', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'grove-db-'));
    path = join(dir, 'state', 'grove.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const tables = (db: Database.Database) =>
    (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{
        name: string;
      }>
    )
      .map((r) => r.name)
      .filter((n) => !n.startsWith('sqlite_'));

  it('have unique, ascending versions', () => {
    const versions = MIGRATIONS.map((m) => m.version);
    expect(versions).toEqual([...new Set(versions)].sort((a, b) => a - b));
  });

  it('apply on open, and opening again changes nothing', () => {
    const db = openDatabase(path);
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    expect(tables(db)).toEqual(expect.arrayContaining(['tasks', 'events', 'attempts', 'usage']));
    new TaskStore(db).upsert('t1', { title: 'kept' });
    const schema = db.prepare('SELECT sql FROM sqlite_master ORDER BY name').all();
    db.close();
    const again = openDatabase(path);
    expect(again.prepare('SELECT sql FROM sqlite_master ORDER BY name').all()).toEqual(schema);
    expect(new TaskStore(again).get('t1')?.title).toBe('kept');
    again.close();
  });

  it('upgrade a database left at an older version, keeping its rows', () => {
    const v1 = new Database(join(dir, 'old.db'));
    migrate(
      v1,
      MIGRATIONS.filter((m) => m.version === 1),
    );
    v1.prepare(
      "INSERT INTO tasks (id, title, state, created_at, updated_at) VALUES ('a', 'A', 'ready', 1, 1)",
    ).run();
    v1.prepare("INSERT INTO events (at, task_id, type, data) VALUES (1, 'a', 'state', '{}')").run();
    expect(v1.pragma('user_version', { simple: true })).toBe(1);
    v1.close();
    const db = openDatabase(join(dir, 'old.db'));
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    expect(new TaskStore(db).get('a')?.state).toBe('ready');
    expect(db.prepare('SELECT attempt_id FROM events').get()).toEqual({ attempt_id: null });
    db.close();
  });

  it('give the attempts made before 040 their task host', () => {
    const old = new Database(join(dir, 'old.db'));
    migrate(
      old,
      MIGRATIONS.filter((m) => m.version < 40),
    );
    old
      .prepare(
        "INSERT INTO tasks (id, title, state, created_at, updated_at, host) VALUES ('a', 'A', 'running', 1, 1, 'box1'), ('b', 'B', 'running', 1, 1, NULL)",
      )
      .run();
    old
      .prepare(
        "INSERT INTO attempts (task_id, n, kind, agent, adapter, started_at, log_dir) VALUES ('a', 1, 'initial', 'x', 'command', 1, '/l'), ('b', 1, 'initial', 'x', 'command', 1, '/l')",
      )
      .run();
    old.close();
    const db = openDatabase(join(dir, 'old.db'));
    expect(db.prepare('SELECT task_id, host FROM attempts ORDER BY task_id').all()).toEqual([
      { task_id: 'a', host: 'box1' },
      { task_id: 'b', host: null },
    ]);
    db.close();
  });

  it('refuse a database written by a newer grove, with a hint', () => {
    const db = openDatabase(path);
    db.pragma(`user_version = ${latestVersion() + 1}`);
    db.close();
    expect(() => openDatabase(path)).toThrow(/newer than this grove knows/);
  });

  it('reject two migrations with one version', () => {
    const db = new Database(':memory:');
    const m = { version: 1, name: 'x', sql: 'SELECT 1' };
    expect(() => migrate(db, [m, m])).toThrow(/two migrations share version 1/);
    db.close();
  });

  it('skip version gaps (later features number theirs from 10)', () => {
    const db = new Database(':memory:');
    migrate(db, [
      { version: 1, name: 'a', sql: 'CREATE TABLE a (x)' },
      { version: 10, name: 'b', sql: 'CREATE TABLE b (x)' },
    ]);
    expect(db.pragma('user_version', { simple: true })).toBe(10);
    migrate(db, [
      { version: 1, name: 'a', sql: 'CREATE TABLE a (x)' },
      { version: 10, name: 'b', sql: 'CREATE TABLE b (x)' },
      { version: 11, name: 'c', sql: 'CREATE TABLE c (x)' },
    ]);
    expect(tables(db)).toEqual(['a', 'b', 'c']);
    db.close();
  });
});
