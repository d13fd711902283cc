import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { latestVersion, openDatabase } from '../../../src/infra/db/open.js';
import { startScript } from '../../helpers/node-script.js';

const WRITER = 'test/fixtures/db-writer.ts';

describe('two grove processes on one state database', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Starts the writers, lets them all through the barrier at once, and waits for them to finish. */
  async function runWriters(path: string, names: string[], iterations: number, mode?: string): Promise<void> {
    const procs = names.map((n) =>
      startScript(WRITER, [path, n, String(iterations), ...(mode ? [mode] : [])]),
    );
    await Promise.all(procs.map((p) => p.waitFor('ready')));
    for (const p of procs) p.child.stdin.write('go\n');
    const results = await Promise.all(procs.map((p) => p.exited));
    for (const r of results) expect(r, r.stderr).toMatchObject({ code: 0 });
  }

  it('loses no write and keeps the database intact', async () => {
    dir = mkdtempSync(join(tmpdir(), 'grove-db-'));
    const path = join(dir, 'grove.db');
    const n = 150;
    await runWriters(path, ['p', 'q'], n);

    const db = new Database(path, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const count = (sql: string, ...p: unknown[]) => (db.prepare(sql).get(...p) as { c: number }).c;
      // Every task, with all three transitions journaled, ending in running.
      expect(count("SELECT COUNT(*) AS c FROM tasks WHERE state = 'running'")).toBe(2 * n);
      expect(count("SELECT COUNT(*) AS c FROM events WHERE type = 'state'")).toBe(3 * 2 * n);
      // The shared task's attempt numbers: 1..2n, none lost, none duplicated, written interleaved.
      const shared = db
        .prepare("SELECT n, agent FROM attempts WHERE task_id = 'shared' ORDER BY n")
        .all() as Array<{
        n: number;
        agent: string;
      }>;
      expect(shared.map((r) => r.n)).toEqual(Array.from({ length: 2 * n }, (_, i) => i + 1));
      const switches = shared.filter((r, i) => i > 0 && r.agent !== shared[i - 1]!.agent).length;
      expect(switches, 'the two processes never wrote at the same time').toBeGreaterThan(1);
      // Every ingest: the usage rows and the offsets.
      for (const name of ['p', 'q']) {
        const own = db
          .prepare('SELECT id, stdout_offset FROM attempts WHERE task_id = ?')
          .get(`own-${name}`) as {
          id: number;
          stdout_offset: number;
        };
        expect(own.stdout_offset).toBe(n * 10);
        expect(count('SELECT COUNT(*) AS c FROM usage WHERE attempt_id = ?', own.id)).toBe(n);
        expect(
          count("SELECT COUNT(*) AS c FROM events WHERE type = 'agent' AND attempt_id = ?", own.id),
        ).toBe(n);
      }
    } finally {
      db.close();
    }
  });

  it('lets several processes open (and migrate) a fresh database at the same moment', async () => {
    dir = mkdtempSync(join(tmpdir(), 'grove-db-'));
    const path = join(dir, 'grove.db');
    await runWriters(path, ['a', 'b', 'c'], 0, 'open-only');
    const db = new Database(path, { readonly: true });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
  });

  it('keeps an ingest all-or-nothing when the writer is killed mid-transaction', async () => {
    dir = mkdtempSync(join(tmpdir(), 'grove-db-'));
    const path = join(dir, 'grove.db');
    for (let round = 0; round < 3; round++) {
      const p = startScript(WRITER, [path, `k${round}`, '0', 'ingest-forever']);
      await p.waitFor('ready');
      p.child.stdin.write('go\n');
      await p.waitFor('ingesting');
      p.child.kill('SIGKILL');
      expect((await p.exited).signal).toBe('SIGKILL');
    }
    const db = openDatabase(path); // recovers the WAL left by the killed writers
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const rows = db
        .prepare("SELECT id, stdout_offset FROM attempts WHERE task_id LIKE 'crash-%'")
        .all() as Array<{
        id: number;
        stdout_offset: number;
      }>;
      expect(rows).toHaveLength(3);
      for (const r of rows) {
        const batches = r.stdout_offset / 30;
        expect(batches).toBeGreaterThan(20);
        const count = (sql: string) => (db.prepare(sql).get(r.id) as { c: number }).c;
        expect(count('SELECT COUNT(*) AS c FROM usage WHERE attempt_id = ?')).toBe(2 * batches);
        expect(count("SELECT COUNT(*) AS c FROM events WHERE type = 'agent' AND attempt_id = ?")).toBe(
          3 * batches,
        );
      }
    } finally {
      db.close();
    }
  });
});
