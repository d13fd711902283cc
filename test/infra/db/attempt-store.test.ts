import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../../src/shared/agent-event.js';
import { AttemptStore } from '../../../src/infra/db/attempt-store.js';
import { TaskStore } from '../../../src/infra/db/task-store.js';
import { UsageStore } from '../../../src/infra/db/usage-store.js';
import type { TempDb } from '../../helpers/temp-db.js';
import { makeTempDb } from '../../helpers/temp-db.js';

const usage = (
  input: number,
  output: number,
  extra: Partial<AgentEvent & { kind: 'usage' }> = {},
): AgentEvent => ({
  kind: 'usage',
  input,
  output,
  cacheRead: 0,
  cacheWrite: 0,
  ...extra,
});

describe('AttemptStore', () => {
  let t: TempDb;
  let attempts: AttemptStore;
  let tasks: TaskStore;
  let usageStore: UsageStore;
  beforeEach(() => {
    t = makeTempDb();
    attempts = new AttemptStore(t.db, t.clock.now);
    tasks = new TaskStore(t.db, t.clock.now);
    usageStore = new UsageStore(t.db);
    tasks.upsert('a', { title: 'A' });
  });
  afterEach(() => t.cleanup());

  const start = (taskId = 'a') =>
    attempts.create({
      taskId,
      kind: 'initial',
      agent: 'bot',
      adapter: 'scripted',
      logDir: `/logs/${taskId}`,
    });

  it('records the host an attempt runs on, on its row and in its journal event', () => {
    const here = start('a');
    const there = attempts.create({
      taskId: 'a',
      kind: 'retry',
      agent: 'bot',
      adapter: 'scripted',
      logDir: '/l',
      host: 'box3',
    });
    expect([here.host, there.host]).toEqual([null, 'box3']);
    const started = (
      t.db.prepare("SELECT data FROM events WHERE type = 'attempt' ORDER BY id").all() as Array<{
        data: string;
      }>
    ).map((r) => JSON.parse(r.data) as { host?: string });
    expect(started.map((d) => d.host)).toEqual([undefined, 'box3']);
  });

  it('numbers attempts per task and finds the latest and the unfinished', () => {
    const a1 = start('a');
    const b1 = start('b');
    const a2 = attempts.create({
      taskId: 'a',
      kind: 'fix',
      agent: 'bot',
      adapter: 'claude',
      logDir: '/l',
      sessionId: 's1',
    });
    expect([a1.n, b1.n, a2.n]).toEqual([1, 1, 2]);
    expect(a2).toMatchObject({
      kind: 'fix',
      adapter: 'claude',
      session_id: 's1',
      ended_at: null,
      stdout_offset: 0,
    });
    expect(attempts.latestForTask('a')?.id).toBe(a2.id);
    expect(attempts.listForTask('a').map((r) => r.n)).toEqual([1, 2]);
    expect(attempts.finish(a1.id, { exitCode: 0, signal: null, outcome: 'completed' })).toBe(true);
    expect(attempts.finish(a1.id, { exitCode: 1, signal: null, outcome: 'failed' })).toBe(false);
    expect(attempts.get(a1.id)).toMatchObject({
      exit_code: 0,
      outcome: 'completed',
      ended_at: t.clock.now(),
    });
    expect(attempts.listUnfinished().map((r) => r.id)).toEqual([b1.id, a2.id]);
    expect(attempts.latestForTask('nope')).toBeUndefined();
  });

  it('records the process and the session (on the task too)', () => {
    const a = start();
    attempts.setProcess(a.id, 4242, '123456');
    attempts.setSession(a.id, 'sess-1');
    expect(attempts.get(a.id)).toMatchObject({ pid: 4242, process_start: '123456', session_id: 'sess-1' });
    expect(tasks.get('a')?.session_id).toBe('sess-1');
    expect(() => attempts.setProcess(999, 1, 'x')).toThrow(/no agent attempt with id 999/);
  });

  it('counts usage once per message id, and every usage without one', () => {
    const a = start();
    t.clock.advance(1000);
    attempts.ingest(a.id, 'stdout', 100, [
      usage(10, 5, { messageId: 'm1', cacheWrite: 3 }),
      { kind: 'message', role: 'assistant', text: 'hi' },
      usage(10, 5, { messageId: 'm1', cacheWrite: 3 }),
      usage(7, 1),
    ]);
    attempts.ingest(a.id, 'stdout', 180, [usage(10, 9, { messageId: 'm1', cacheWrite: 3 }), usage(7, 1)]);
    // m1 counted once with its largest figures; the two anonymous usages both count.
    expect(usageStore.totalsForAttempt(a.id)).toEqual({
      input: 24,
      output: 11,
      cacheRead: 0,
      cacheWrite: 3,
      costUsd: 0,
      total: 38,
      // It reported no cost: its tokens wait to be priced (src/core/cost.ts).
      unpriced: [{ agent: 'bot', model: null, input: 24, output: 11, cacheRead: 0, cacheWrite: 3 }],
    });
    const row = attempts.get(a.id)!;
    expect(row.stdout_offset).toBe(180);
    expect(row.stderr_offset).toBe(0);
    expect(row.last_output_at).toBe(t.clock.now());
  });

  it('takes the session and the reported cost from the events', () => {
    const a = start();
    attempts.ingest(a.id, 'stdout', 10, [
      { kind: 'session', sessionId: 'abc' },
      usage(100, 10, { costUsd: 0.01 }),
      { kind: 'finished', ok: true, costUsd: 0.5 },
    ]);
    expect(attempts.get(a.id)?.session_id).toBe('abc');
    expect(tasks.get('a')?.session_id).toBe('abc');
    // The reported total (0.5) wins over the sum of priced usage (0.01).
    expect(usageStore.totalsForTask('a').costUsd).toBeCloseTo(0.5);
  });

  it('writes nothing when an ingest fails half way (events, usage and offset together)', () => {
    const a = start();
    const poison = { kind: 'message', role: 'assistant', text: 'x', big: 1n } as unknown as AgentEvent;
    expect(() => attempts.ingest(a.id, 'stdout', 50, [usage(5, 5, { messageId: 'x' }), poison])).toThrow();
    expect(attempts.get(a.id)?.stdout_offset).toBe(0);
    expect(usageStore.totalsForAttempt(a.id).total).toBe(0);
    const agentRows = t.db.prepare("SELECT COUNT(*) AS c FROM events WHERE type = 'agent'").get() as {
      c: number;
    };
    expect(agentRows.c).toBe(0);
  });

  it('refuses a stale read so a second reader cannot count the same lines', () => {
    const a = start();
    expect(attempts.ingest(a.id, 'stdout', 100, [usage(1, 1)], { fromOffset: 0 })).toEqual({
      kind: 'ingested',
      events: 1,
    });
    expect(attempts.ingest(a.id, 'stdout', 100, [usage(1, 1)], { fromOffset: 0 })).toEqual({
      kind: 'stale',
      offset: 100,
    });
    expect(attempts.ingest(a.id, 'stdout', 60, [usage(1, 1)])).toEqual({ kind: 'stale', offset: 100 });
    expect(attempts.ingest(a.id, 'stderr', 30, [{ kind: 'error', message: 'boom' }])).toEqual({
      kind: 'ingested',
      events: 1,
    });
    expect(usageStore.totalsForAttempt(a.id).total).toBe(2);
    expect(attempts.get(a.id)).toMatchObject({ stdout_offset: 100, stderr_offset: 30 });
  });

  it('journals attempt starts, ends and each agent event', () => {
    const a = start();
    attempts.ingest(a.id, 'stdout', 5, [{ kind: 'message', role: 'assistant', text: 'hello' }]);
    attempts.finish(a.id, { exitCode: null, signal: 'SIGTERM', outcome: 'killed' });
    const rows = t.db
      .prepare('SELECT type, attempt_id, data FROM events WHERE task_id = ? AND type != ? ORDER BY id')
      .all('a', 'state') as Array<{ type: string; attempt_id: number; data: string }>;
    expect(rows.map((r) => r.type)).toEqual(['attempt', 'agent', 'attempt']);
    expect(rows.every((r) => r.attempt_id === a.id)).toBe(true);
    expect(JSON.parse(rows[1]!.data)).toEqual({
      attemptId: a.id,
      stream: 'stdout',
      event: { kind: 'message', role: 'assistant', text: 'hello' },
    });
    expect(JSON.parse(rows[2]!.data)).toMatchObject({ phase: 'ended', outcome: 'killed', signal: 'SIGTERM' });
  });
});

describe('UsageStore', () => {
  let t: TempDb;
  afterEach(() => t.cleanup());

  it('sums per task, per attempt and overall, with a cumulative series', () => {
    t = makeTempDb();
    const attempts = new AttemptStore(t.db, t.clock.now);
    const u = new UsageStore(t.db);
    const a1 = attempts.create({
      taskId: 'a',
      kind: 'initial',
      agent: 'x',
      adapter: 'scripted',
      logDir: '/l',
    });
    const a2 = attempts.create({ taskId: 'a', kind: 'fix', agent: 'x', adapter: 'scripted', logDir: '/l' });
    const b1 = attempts.create({
      taskId: 'b',
      kind: 'initial',
      agent: 'x',
      adapter: 'scripted',
      logDir: '/l',
    });
    t.clock.set(1000);
    attempts.ingest(a1.id, 'stdout', 1, [usage(100, 10, { cacheRead: 50, costUsd: 0.25 })]);
    t.clock.set(2000);
    attempts.ingest(a2.id, 'stdout', 1, [usage(200, 20, { cacheWrite: 5 })]);
    attempts.ingest(b1.id, 'stdout', 1, [{ kind: 'finished', ok: false, costUsd: 1 }]);
    // The model a session reports is kept for pricing; a later session event without one keeps it.
    attempts.ingest(a2.id, 'stdout', 2, [{ kind: 'session', sessionId: 's', model: 'gpt-5' }]);
    attempts.ingest(a2.id, 'stdout', 3, [{ kind: 'session', sessionId: 's' }]);
    expect(u.totalsForTask('a')).toEqual({
      input: 300,
      output: 30,
      cacheRead: 50,
      cacheWrite: 5,
      costUsd: 0.25,
      total: 335,
      // a1 priced its usage; a2 reported no cost.
      unpriced: [{ agent: 'x', model: 'gpt-5', input: 200, output: 20, cacheRead: 0, cacheWrite: 5 }],
    });
    expect(u.totalsForTask('b')).toEqual({
      input: 0,
      output: 0,
      cacheRead: 0,
      cacheWrite: 0,
      costUsd: 1,
      total: 0,
      unpriced: [],
    });
    expect(u.totalsForTask('none').total).toBe(0);
    expect(u.totalsAll()).toMatchObject({ total: 335, costUsd: 1.25 });
    expect(Object.keys(u.perTask()).sort()).toEqual(['a', 'b']);
    expect(u.perTask().a?.total).toBe(335);
    expect(u.perTask().b?.costUsd).toBe(1);
    expect(u.perTask().a?.unpriced).toEqual(u.totalsForTask('a').unpriced);
    expect(u.totalsAll().unpriced).toHaveLength(1);
    expect(u.series('a')).toEqual([
      { at: 1000, total: 110 },
      { at: 2000, total: 335 },
    ]);
  });
});
