// A real SQLite state database in a temp folder, migrated, with a controllable clock.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../../src/infra/db/open.js';
import { openDatabase } from '../../src/infra/db/open.js';
import { auditThenCleanup, illegalEdges, illegalEdgesInFile, readStateEvents } from './journal-audit.js';

export interface TempDb {
  dir: string;
  path: string;
  db: Db;
  clock: { now: () => number; set(t: number): void; advance(ms: number): void };
  cleanup(): void;
}

export function makeTempDb(): TempDb {
  const dir = mkdtempSync(join(tmpdir(), 'grove-db-'));
  const path = join(dir, 'grove.db');
  const db = openDatabase(path);
  let t = 1_700_000_000_000;
  return {
    dir,
    path,
    db,
    clock: { now: () => t, set: (v) => void (t = v), advance: (ms) => void (t += ms) },
    cleanup: () =>
      auditThenCleanup(
        path,
        () => (db.open ? illegalEdges(readStateEvents(db)) : illegalEdgesInFile(path)),
        () => {
          db.close();
          rmSync(dir, { recursive: true, force: true });
        },
      ),
  };
}
