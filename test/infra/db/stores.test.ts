import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { processStartTime } from '../../../src/infra/process/liveness.js';
import type { Stores } from '../../../src/infra/db/stores.js';
import { openStores } from '../../../src/infra/db/stores.js';
import type { TempDb } from '../../helpers/temp-db.js';
import { makeTempDb } from '../../helpers/temp-db.js';

let t: TempDb;
let s: Stores;
beforeEach(() => {
  t = makeTempDb();
  s = openStores(t.db, t.clock.now);
});
afterEach(() => t.cleanup());

describe('AgentEventStore', () => {
  it('lists a task’s events (per attempt, paged) and the files its tool calls named', () => {
    const a1 = s.attempts.create({
      taskId: 'a',
      kind: 'initial',
      agent: 'x',
      adapter: 'scripted',
      logDir: '/l',
    });
    const a2 = s.attempts.create({ taskId: 'a', kind: 'fix', agent: 'x', adapter: 'scripted', logDir: '/l' });
    s.attempts.ingest(a1.id, 'stdout', 10, [
      { kind: 'tool_call', id: 't1', name: 'Edit', files: ['src/b.ts', 'src/a.ts'] },
      { kind: 'tool_result', id: 't1', ok: true },
    ]);
    s.attempts.ingest(a2.id, 'stdout', 10, [
      { kind: 'tool_call', id: 't2', name: 'Write', files: ['src/a.ts', 'README.md'] },
      { kind: 'message', role: 'assistant', text: 'done' },
    ]);
    const all = s.agentEvents.list('a');
    expect(all.map((e) => e.event.kind)).toEqual(['tool_call', 'tool_result', 'tool_call', 'message']);
    expect(s.agentEvents.list('a', { attemptId: a2.id }).map((e) => e.attemptId)).toEqual([a2.id, a2.id]);
    expect(s.agentEvents.list('a', { afterId: all[1]!.id, limit: 1 }).map((e) => e.id)).toEqual([all[2]!.id]);
    expect(s.agentEvents.tail('a', 2).map((e) => e.id)).toEqual([all[2]!.id, all[3]!.id]);
    expect(s.agentEvents.filesTouched('a')).toEqual(['src/b.ts', 'src/a.ts', 'README.md']);
    expect(s.agentEvents.filesTouched('other')).toEqual([]);
  });

  it('refuses a journal row that is not a valid agent event', () => {
    t.db
      .prepare("INSERT INTO events (at, task_id, type, data, attempt_id) VALUES (1, 'a', 'agent', ?, 1)")
      .run(JSON.stringify({ attemptId: 1, stream: 'stdout', event: { kind: 'bogus' } }));
    expect(() => s.agentEvents.list('a')).toThrow(/journal row \d+ is not a valid agent event/);
  });
});

describe('GateStore', () => {
  const run = (gate: string, ok: boolean, fingerprint: string | null = null) => ({
    task_id: 'a',
    attempt_id: 3,
    gate,
    command: `npm run ${gate}`,
    ok,
    exit_code: ok ? 0 : 1,
    timed_out: false,
    duration_ms: 120,
    output_tail: ok ? '' : 'FAIL x.test.ts',
    output_path: null,
    fingerprint,
  });

  it('records runs with booleans intact, journals them, and finds the latest per gate', () => {
    t.clock.set(5000);
    const first = s.gates.record(run('test', false, 'fp1'));
    s.gates.record(run('lint', true));
    const third = s.gates.record(run('test', true));
    expect(first).toMatchObject({ ok: false, timed_out: false, at: 5000, fingerprint: 'fp1' });
    expect(s.gates.get(first.id)).toEqual(first);
    expect(s.gates.listForTask('a').map((g) => [g.gate, g.ok])).toEqual([
      ['test', false],
      ['lint', true],
      ['test', true],
    ]);
    expect(s.gates.latestByGate('a').map((g) => g.id)).toEqual([2, third.id]);
    expect(s.gates.listForAttempt(3)).toHaveLength(3);
    const journal = s.journal.forTask('a', ['gate']);
    expect(journal).toHaveLength(3);
    expect(journal[0]).toMatchObject({
      attempt_id: 3,
      data: { gateRunId: first.id, gate: 'test', ok: false },
    });
    expect(journal[0]!.data).not.toHaveProperty('output_tail');
  });
});

describe('NotificationStore', () => {
  it('keeps notifications until delivered, once', () => {
    const n1 = s.notifications.add({ taskId: 'a', kind: 'budget', message: 'a paused at 85% of its budget' });
    const n2 = s.notifications.add({ taskId: null, kind: 'merged', message: 'main moved' });
    expect(s.notifications.markDelivered(n1)).toBe(true);
    expect(s.notifications.markDelivered(n1)).toBe(false);
    expect(s.notifications.list({ undeliveredOnly: true }).map((n) => n.id)).toEqual([n2]);
    expect(s.notifications.list().map((n) => n.delivered_at)).toEqual([t.clock.now(), null]);
    expect(
      s.journal
        .since(0)
        .filter((e) => e.type === 'notify')
        .map((e) => e.data),
    ).toEqual([
      { notificationId: n1, kind: 'budget', message: 'a paused at 85% of its budget' },
      { notificationId: n2, kind: 'merged', message: 'main moved' },
    ]);
  });
});

describe('LockStore', () => {
  const me = () => ({ pid: process.pid, processStart: processStartTime(process.pid)!, info: 'grove run' });

  it('has one holder; the holder may acquire again and release', () => {
    expect(s.locks.acquire('queue', me())).toEqual({ kind: 'acquired' });
    expect(s.locks.acquire('queue', me())).toEqual({ kind: 'acquired' });
    expect(s.locks.holder('queue')).toMatchObject({ pid: process.pid, info: 'grove run' });
    s.locks.release('queue', process.pid + 1);
    expect(s.locks.holder('queue')?.pid).toBe(process.pid);
    s.locks.release('queue', process.pid);
    expect(s.locks.holder('queue')).toBeUndefined();
  });

  it('refuses a second live process and takes over from a dead one', async () => {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    const other = { pid: child.pid!, processStart: processStartTime(child.pid!)!, info: 'other grove' };
    t.clock.set(7000);
    expect(s.locks.acquire('run', other)).toEqual({ kind: 'acquired' });
    expect(s.locks.acquire('run', me())).toEqual({
      kind: 'held',
      by: { pid: child.pid, info: 'other grove', since: 7000 },
    });
    child.kill('SIGKILL');
    await once(child, 'exit');
    expect(s.locks.holder('run')).toBeUndefined();
    expect(s.locks.acquire('run', me())).toEqual({ kind: 'acquired' });
    expect(s.locks.holder('run')?.pid).toBe(process.pid);
    expect(s.journal.since(0).map((e) => e.type)).toContain('lock');
  });

  it('does not mistake a reused pid for the holder', () => {
    const stale = { pid: process.pid, processStart: 'not-my-start-time' };
    expect(s.locks.acquire('run', stale)).toEqual({ kind: 'acquired' });
    expect(s.locks.holder('run')).toBeUndefined();
    expect(s.locks.acquire('run', me())).toEqual({ kind: 'acquired' });
  });
});

describe('Journal', () => {
  it('tails by id and filters by task and type', () => {
    expect(s.journal.lastId()).toBe(0);
    s.tasks.upsert('a', { title: 'A' });
    s.tasks.transition('a', 'ready', 'deps done');
    s.notifications.add({ taskId: 'a', kind: 'k', message: 'm' });
    s.tasks.upsert('b', { title: 'B' });
    const all = s.journal.since(0);
    expect(all.map((e) => [e.task_id, e.type])).toEqual([
      ['a', 'state'],
      ['a', 'state'],
      ['a', 'notify'],
      ['b', 'state'],
    ]);
    expect(s.journal.lastId()).toBe(all[3]!.id);
    expect(s.journal.since(all[1]!.id, 1).map((e) => e.id)).toEqual([all[2]!.id]);
    expect(s.journal.forTask('a', ['state']).map((e) => e.data)).toEqual([
      { from: null, to: 'planned', cause: 'task loaded from spec' },
      { from: 'planned', to: 'ready', cause: 'deps done' },
    ]);
    expect(s.journal.query({ last: 2 }).map((e) => e.id)).toEqual([all[2]!.id, all[3]!.id]);
  });
});
