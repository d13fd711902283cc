import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConflictPair } from '../../../src/infra/db/conflict-store.js';
import { ConflictStore } from '../../../src/infra/db/conflict-store.js';
import type { TempDb } from '../../helpers/temp-db.js';
import { makeTempDb } from '../../helpers/temp-db.js';

let t: TempDb;
let store: ConflictStore;
beforeEach(() => {
  t = makeTempDb();
  store = new ConflictStore(t.db, t.clock.now);
});
afterEach(() => t.cleanup());

const pair = (a: string, b: string, files: string[], tip = '1'): ConflictPair => ({
  a,
  b,
  against: 'task',
  files,
  aTip: tip.repeat(40),
  bTip: '2'.repeat(40),
});
const check = { durationMs: 1, tasks: ['a', 'b', 'c'], pairs: 3, problems: [] };

describe('ConflictStore.replace', () => {
  it('rewrites only the rows whose prediction changed; every kept row is seen again', () => {
    store.replace([pair('a', 'b', ['x.ts']), pair('a', 'c', ['y.ts'])], check);
    // Count the writes of a row's prediction (files or tips), not of its last_seen.
    t.db.exec(`CREATE TABLE rewrites (a TEXT, b TEXT);
      CREATE TRIGGER count_rewrites AFTER UPDATE OF files, a_tip, b_tip ON conflicts
      BEGIN INSERT INTO rewrites VALUES (NEW.a, NEW.b); END;`);
    const first = t.clock.now();
    t.clock.advance(5000);
    const r = store.replace([pair('a', 'b', ['x.ts']), pair('a', 'c', ['y.ts', 'z.ts'], '3')], check);
    expect(t.db.prepare('SELECT a, b FROM rewrites').all()).toEqual([{ a: 'a', b: 'c' }]);
    expect(r.added).toEqual([]);
    expect(store.list().map((c) => [c.b, c.files, c.firstSeen, c.lastSeen])).toEqual([
      ['b', ['x.ts'], first, first + 5000],
      ['c', ['y.ts', 'z.ts'], first, first + 5000],
    ]);
  });
});
