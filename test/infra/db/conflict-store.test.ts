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

describe('ConflictStore reads (rows checked by hand, without zod)', () => {
  it('gives back what replace wrote; a row written by something else is refused naming what is wrong', () => {
    const problems = [{ task: 'a', kind: 'unrelated' as const, message: 'no history in common' }];
    const at = t.clock.now();
    store.replace([pair('a', 'b', ['x.ts', 'y.ts'])], { ...check, problems });
    expect(store.list()).toEqual([{ ...pair('a', 'b', ['x.ts', 'y.ts']), firstSeen: at, lastSeen: at }]);
    expect(store.lastCheck()).toMatchObject({ tasks: ['a', 'b', 'c'], pairs: 3, conflicts: 1, problems });
    t.db.exec(`UPDATE conflicts SET files = '["x.ts", 3]'`);
    expect(() => store.list()).toThrow(/conflicts table is malformed: files is not a list of strings/);
    t.db.exec(`UPDATE conflicts SET files = '["x.ts"]', first_seen = 'yesterday'`);
    expect(() => store.list()).toThrow(expect.objectContaining({ code: 'DB_FAILED' }));
    t.db.exec(`UPDATE conflict_checks SET problems = '[{"task": "a", "kind": "gone"}]'`);
    expect(() => store.lastCheck()).toThrow(/problems is not a list of problems/);
  });
});
