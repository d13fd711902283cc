// The audit that every temp state database passes before cleanup: it must catch what it claims to.
import { afterEach, describe, expect, it } from 'vitest';
import { TaskStore } from '../../src/infra/db/task-store.js';
import { makeTempRepo } from './git-repo.js';
import type { TempRepo } from './git-repo.js';
import { illegalEdges, illegalEdgesInFile, readStateEvents } from './journal-audit.js';
import { makeTempDb } from './temp-db.js';
import type { TempDb } from './temp-db.js';
import { walkTo } from './task-state.js';
import { openDatabase } from '../../src/infra/db/open.js';
import { join } from 'node:path';

let t: TempDb | undefined;
let repo: TempRepo | undefined;
afterEach(() => {
  t?.cleanup();
  t = undefined;
  repo?.cleanup();
  repo = undefined;
});

/** Writes a 'state' event row directly, the way no grove code may. */
function writeState(db: TempDb['db'], taskId: string, data: unknown): void {
  db.prepare("INSERT INTO events (at, task_id, type, data) VALUES (1, ?, 'state', ?)").run(
    taskId,
    JSON.stringify(data),
  );
}

describe('journal audit', () => {
  it('passes a history the task store wrote along legal edges', () => {
    t = makeTempDb();
    const store = new TaskStore(t.db, t.clock.now);
    store.upsert('a', { title: 'A' });
    walkTo(store, 'a', 'merged');
    expect(readStateEvents(t.db).length).toBeGreaterThanOrEqual(4);
    expect(illegalEdges(readStateEvents(t.db))).toEqual([]);
  });

  it('names an edge the table does not list, a move that was not journaled, and a second creation', () => {
    t = makeTempDb();
    writeState(t.db, 'a', { from: null, to: 'planned', cause: 'created' });
    writeState(t.db, 'a', { from: 'planned', to: 'merged', cause: 'skipped everything' });
    writeState(t.db, 'b', { from: null, to: 'running', cause: 'created' });
    writeState(t.db, 'b', { from: 'verifying', to: 'verified', cause: 'gates passed' });
    writeState(t.db, 'b', { from: null, to: 'planned', cause: 'again' });
    writeState(t.db, 'c', { to: 'nonsense' });
    const found = illegalEdges(readStateEvents(t.db));
    expect(found.map((e) => [e.taskId, e.from, e.to])).toEqual([
      ['a', 'planned', 'merged'],
      ['b', 'verifying', 'verified'],
      ['b', null, 'planned'],
      ['c', null, 'nonsense'],
    ]);
    expect(found[0]?.why).toMatch(/no such edge/);
    expect(found[1]?.why).toMatch(/left it running/);
    expect(() => t?.cleanup()).toThrow(
      /illegal state history .*\(4\):\n {2}task a event #2: planned → merged/,
    );
    t = undefined; // cleanup ran (the folder is gone) before it threw
  });

  it('fails the cleanup of a temp repo whose grove.db holds an illegal edge', () => {
    repo = makeTempRepo();
    const path = join(repo.root, '.git', 'grove', 'grove.db');
    const db = openDatabase(path);
    writeState(db, 'a', { from: null, to: 'planned', cause: 'created' });
    writeState(db, 'a', { from: 'planned', to: 'cleaned', cause: 'wrong' });
    db.close();
    expect(illegalEdgesInFile(path)).toHaveLength(1);
    const r = repo;
    repo = undefined;
    expect(() => r.cleanup()).toThrow(/planned → cleaned/);
  });
});
