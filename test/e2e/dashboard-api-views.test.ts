import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TaskStore } from '../../src/infra/db/task-store.js';
import {
  BoardSnapshotSchema,
  ConflictMatrixSchema,
  ReportViewSchema,
  TaskDetailSchema,
} from '../../src/shared/api.js';
import { makeDashboardFixture } from '../helpers/dashboard-app.js';
import type { DashboardFixture } from '../helpers/dashboard-app.js';
import { readSse } from '../helpers/sse.js';

let f: DashboardFixture;
let store: TaskStore;
let get: DashboardFixture['get'];

beforeEach(() => {
  f = makeDashboardFixture();
  ({ store, get } = f);
});
afterEach(() => f.cleanup());

describe('dashboard API: what the other stores and git say', () => {
  it('predicts conflicts between task branches with git merge-tree', async () => {
    f.repo.commit('shared file', { 'src/shared.ts': 'export const a = 1;\n' });
    const branch = (id: string, content: string) => {
      f.repo.git('branch', `grove/${id}`, 'main');
      f.repo.git('checkout', '-q', `grove/${id}`);
      f.repo.commit(
        `${id} edits`,
        content.startsWith('new:') ? { [`src/${id}.ts`]: content } : { 'src/shared.ts': content },
      );
      f.repo.git('checkout', '-q', 'main');
      store.upsert(id, { title: id, branch: `grove/${id}`, base: 'main' });
      store.transition(id, 'ready', 'test');
      store.transition(id, 'running', 'test');
    };
    branch('a', 'export const a = 2;\n');
    branch('b', 'export const a = 3;\n');
    branch('c', 'new: export const c = 1;\n');
    const matrix = ConflictMatrixSchema.parse(await (await get('/api/conflicts')).json());
    expect(matrix.tasks).toEqual(['a', 'b', 'c']);
    expect(matrix.pairs).toEqual([{ a: 'a', b: 'b', files: ['src/shared.ts'] }]);
    const snap = BoardSnapshotSchema.parse(await (await get('/api/snapshot')).json());
    expect(Object.fromEntries(snap.tasks.map((t) => [t.id, t.conflictsWith]))).toEqual({
      a: ['b'],
      b: ['a'],
      c: [],
    });
  });

  it('shows gate runs, attempts and usage, and reports them', async () => {
    store.upsert('t1', { title: 'First', agent: 'scripted' });
    store.transition('t1', 'ready', 'test');
    store.transition('t1', 'running', 'test');
    const attempt = f.stores.attempts.create({
      taskId: 't1',
      kind: 'initial',
      agent: 'scripted',
      adapter: 'scripted',
      logDir: f.dir,
    });
    f.stores.attempts.ingest(attempt.id, 'stdout', 10, [
      { kind: 'usage', messageId: 'm1', input: 100, output: 50, cacheRead: 0, cacheWrite: 0 },
    ]);
    f.stores.attempts.finish(attempt.id, { exitCode: 0, signal: null, outcome: 'completed' });
    f.stores.gates.record({
      task_id: 't1',
      attempt_id: attempt.id,
      gate: 'test',
      command: 'npm test',
      ok: false,
      exit_code: 1,
      timed_out: false,
      duration_ms: 1200,
      output_tail: 'FAIL src/a.test.ts',
      output_path: null,
      fingerprint: 'abc',
    });
    const detail = TaskDetailSchema.parse(await (await get('/api/tasks/t1')).json());
    expect(detail.task.tokens.used).toBe(150);
    expect(detail.task.gates).toMatchObject([{ gate: 'test', ok: false }]);
    expect(detail.gates).toMatchObject([
      { gate: 'test', ok: false, exitCode: 1, output: 'FAIL src/a.test.ts' },
    ]);
    expect(detail.attempts).toMatchObject([{ n: 1, kind: 'initial', outcome: 'completed', exitCode: 0 }]);
    expect(detail.tokenSeries.at(-1)?.total).toBe(150);
    expect(detail.events.map((e) => e.type)).toEqual(expect.arrayContaining(['state', 'agent', 'gate']));

    const report = ReportViewSchema.parse(await (await get('/api/report')).json());
    expect(report.tasks).toMatchObject([{ id: 't1', tokens: 150, attempts: 1, gateRuns: 1, gatePasses: 0 }]);
    expect(report.totals.gatePassRate).toBe(0);
    expect(report.markdown).toContain('t1');
  });
});

describe('dashboard API: the event stream', () => {
  it('streams journal batches and a reconnect with Last-Event-ID loses nothing', async () => {
    store.upsert('t1', { title: 'First' }); // event 1
    const first = readSse(await get('/api/events?after=0'));
    for (let i = 0; i < 4; i++)
      store.appendEvent('t1', {
        type: 'agent',
        data: {
          attemptId: 1,
          stream: 'stdout',
          event: { kind: 'message', role: 'assistant', text: `m${i}` },
        },
      });
    await first.until(() => first.events.length >= 5);
    const lastSeen = first.ids.at(-1) ?? '';
    expect(Number(lastSeen)).toBe(5);
    await first.cancel();

    // Written while nobody listens.
    for (let i = 4; i < 10; i++)
      store.appendEvent('t1', {
        type: 'agent',
        data: {
          attemptId: 1,
          stream: 'stdout',
          event: { kind: 'message', role: 'assistant', text: `m${i}` },
        },
      });
    const second = readSse(await get('/api/events', { 'last-event-id': lastSeen }));
    store.transition('t1', 'ready', 'after reconnect');
    await second.until(() => second.events.some((e) => e.type === 'state' && e.id === 12));
    await second.cancel();
    const ids = [...first.events, ...second.events].map((e) => e.id);
    expect(ids).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });

  it('starts at the end of the journal without a cursor', async () => {
    store.upsert('t1', { title: 'First' });
    const stream = readSse(await get('/api/events'));
    store.transition('t1', 'ready', 'later');
    await stream.until(() => stream.events.length >= 1);
    await stream.cancel();
    expect(stream.events.map((e) => e.id)).toEqual([2]);
  });
});
