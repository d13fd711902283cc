import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/open.js';
import type { Db } from '../db/open.js';
import { watchDatabaseChanges } from './db-change-signal.js';
import type { ChangeSignal } from './db-change-signal.js';

describe('watchDatabaseChanges', () => {
  let dir: string;
  let reader: Db;
  let writer: Db;
  let signal: ChangeSignal;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'grove-dbsignal-'));
    const path = join(dir, 'grove.db');
    writer = openDatabase(path);
    writer.exec('CREATE TABLE IF NOT EXISTS t (x INTEGER)');
    reader = openDatabase(path);
    signal = watchDatabaseChanges(path)!;
  });
  afterEach(() => {
    signal.close();
    reader.close();
    writer.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('wakes a waiter when another connection writes, long before its fallback', async () => {
    const started = Date.now();
    const woken = signal.wait(10_000);
    setTimeout(() => writer.prepare('INSERT INTO t VALUES (1)').run(), 50);
    await woken;
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('does not wake on reads: the waiter sleeps to its fallback', async () => {
    const started = Date.now();
    const woken = signal.wait(600);
    const reads = setInterval(() => reader.prepare('SELECT count(*) FROM t').get(), 20);
    await woken;
    clearInterval(reads);
    expect(Date.now() - started).toBeGreaterThanOrEqual(590);
  });

  it('ends a wait when its abort signal fires or the signal is closed', async () => {
    const abort = new AbortController();
    const started = Date.now();
    const aborted = signal.wait(10_000, abort.signal);
    abort.abort();
    await aborted;
    const closed = signal.wait(10_000);
    signal.close();
    await closed;
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
