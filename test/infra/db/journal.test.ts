import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Stores } from '../../../src/infra/db/stores.js';
import { openStores } from '../../../src/infra/db/stores.js';
import { LEARNING_SECTIONS } from '../../../src/core/learnings/index.js';
import type { TempDb } from '../../helpers/temp-db.js';
import { makeTempDb } from '../../helpers/temp-db.js';

let t: TempDb;
let s: Stores;
beforeEach(() => {
  t = makeTempDb();
  s = openStores(t.db, t.clock.now);
});
afterEach(() => t.cleanup());

/** A row as an older grove (or a hand edit) left it: straight SQL, no typed writer. */
function rawRow(taskId: string, type: string, data: string): void {
  t.db
    .prepare('INSERT INTO events (at, task_id, type, data, attempt_id) VALUES (?, ?, ?, ?, NULL)')
    .run(1, taskId, type, data);
}

describe('the typed journal', () => {
  it('stores the same JSON as before and reads it back typed', () => {
    s.tasks.upsert('a', { title: 'A' });
    s.tasks.transition('a', 'ready', 'deps met', { data: { by: 'lead', fresh: true } });
    s.tasks.appendEvent('a', { type: 'note', data: { text: 'watch the lockfile' } });
    const stored = t.db.prepare("SELECT type, data FROM events WHERE task_id = 'a' ORDER BY id").all();
    expect(stored).toEqual([
      { type: 'state', data: JSON.stringify({ from: null, to: 'planned', cause: 'task loaded from spec' }) },
      {
        type: 'state',
        data: JSON.stringify({ by: 'lead', fresh: true, from: 'planned', to: 'ready', cause: 'deps met' }),
      },
      { type: 'note', data: JSON.stringify({ text: 'watch the lockfile' }) },
    ]);
    const notes = s.journal.forTask('a', ['note']);
    expect(notes.map((r) => r.data.text)).toEqual(['watch the lockfile']);
    const last = s.tasks.stateHistory('a').at(-1);
    expect(last?.fresh).toBe(true);
    expect(last?.by).toBe('lead');
  });

  it('reads rows written before the typed journal, unknown state extras kept', () => {
    rawRow('b', 'state', '{"from":"planned","to":"ready","cause":"old","legacy":42}');
    rawRow('b', 'scope', '{"paths":["x.ts"],"owns":["src/**"]}');
    expect(s.tasks.stateHistory('b')[0]).toMatchObject({ to: 'ready', cause: 'old', legacy: 42 });
    expect(s.journal.forTask('b', ['scope'])[0]?.data.paths).toEqual(['x.ts']);
  });

  it('keeps a transition whose known extra has the wrong type, reading that extra as absent', () => {
    rawRow(
      'e',
      'state',
      '{"from":"stuck","to":"blocked","cause":"stuck","fresh":"yes","reason":{"kind":"x"}}',
    );
    const [h] = s.tasks.stateHistory('e');
    expect(h).toMatchObject({ to: 'blocked', reason: { kind: 'x' } });
    expect(h?.fresh).toBeUndefined();
  });

  it('returns a row that does not parse as unreadable, and typed queries skip it', () => {
    rawRow('c', 'note', 'not json');
    rawRow('c', 'note', '{"txt":"wrong key"}');
    rawRow('c', 'from-the-future', '{"x":1}');
    rawRow('c', 'note', '{"text":"fine"}');
    const all = s.journal.forTask('c');
    expect(all.map((r) => r.type)).toEqual(['unreadable', 'unreadable', 'unreadable', 'note']);
    const [bad, shape, future] = all;
    expect(bad?.type === 'unreadable' && bad.data).toMatchObject({ storedType: 'note', raw: 'not json' });
    expect(shape?.type === 'unreadable' && shape.data.reason).toMatch(/text/);
    expect(future?.type === 'unreadable' && future.data.storedType).toBe('from-the-future');
    expect(s.journal.forTask('c', ['note']).map((r) => r.data.text)).toEqual(['fine']);
    expect(s.journal.since(0).length).toBe(4);
  });

  it('skips an unreadable state row in a task’s history instead of failing it', () => {
    s.tasks.upsert('d', { title: 'D' });
    rawRow('d', 'state', '{"to":"nowhere"}');
    expect(s.tasks.stateHistory('d').map((h) => h.to)).toEqual(['planned']);
    // The row is corrupt on purpose; the cleanup's journal audit would (rightly) refuse it.
    t.db.prepare("DELETE FROM events WHERE task_id = 'd' AND data = ?").run('{"to":"nowhere"}');
  });

  it('journals a learning decision as a typed learning event', () => {
    s.learnings.saveAll([
      {
        id: 'L1',
        section: LEARNING_SECTIONS[0],
        entry: 'run the migration before the tests',
        key: 'migration',
        evidence: [],
        status: 'proposed',
      },
    ]);
    s.learnings.decide('L1', 'accepted', 'run `npm run migrate` before the tests', 'dashboard');
    const rows = s.journal.query({ types: ['learning'] });
    expect(rows.map((r) => ({ type: r.type, data: r.data }))).toEqual([
      {
        type: 'learning',
        data: {
          id: 'L1',
          status: 'accepted',
          entry: 'run `npm run migrate` before the tests',
          by: 'dashboard',
        },
      },
    ]);
  });
});
