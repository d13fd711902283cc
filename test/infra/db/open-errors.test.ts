import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/infra/db/open.js';
import { TaskStore } from '../../../src/infra/db/task-store.js';
import { GroveError } from '../../../src/shared/errors.js';

describe('state database failures are clear errors', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'grove-db-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function caught(fn: () => unknown): GroveError {
    try {
      fn();
    } catch (error) {
      if (error instanceof GroveError) return error;
      throw error;
    }
    throw new Error('expected a GroveError');
  }

  it('names a damaged file and says how to recover', () => {
    const path = join(dir, 'grove.db');
    writeFileSync(
      path,
      'this is not a database, it is a text file that happens to be long enough\n'.repeat(20),
    );
    const e = caught(() => openDatabase(path));
    expect(e.code).toBe('DB_FAILED');
    expect(e.message).toContain(`${path} is damaged`);
    expect(e.hint).toMatch(/move it aside/);
  });

  it('reports a write that stayed locked past the busy timeout as LOCKED', () => {
    const path = join(dir, 'grove.db');
    openDatabase(path).close();
    const holder = new Database(path);
    holder.exec('BEGIN IMMEDIATE');
    const db = openDatabase(path, { busyTimeoutMs: 50 });
    try {
      const e = caught(() => new TaskStore(db).upsert('a', { title: 'A' }));
      expect(e.code).toBe('LOCKED');
      expect(e.message).toMatch(/stayed locked by another process/);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
      db.close();
    }
    // Once the other writer is done, writing works again.
    const again = openDatabase(path);
    expect(new TaskStore(again).upsert('a', { title: 'A' }).state).toBe('planned');
    again.close();
  });

  it('passes errors from the transaction body through unchanged', () => {
    const db = openDatabase(join(dir, 'grove.db'));
    try {
      const e = caught(() => new TaskStore(db).transition('ghost', 'ready', 'x'));
      expect(e.code).toBe('TASK_NOT_FOUND');
    } finally {
      db.close();
    }
  });
});
