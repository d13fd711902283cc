import { describe, expect, it } from 'vitest';
import type { BoardTask, JournalEvent } from '../../src/shared/api.js';
import { describeEvent } from '../../src/shared/journal-view.js';
import { applyEvents } from '../../src/web/board-reducer.js';

const task = (id: string): BoardTask => ({
  id,
  title: id,
  state: 'running',
  agent: 'scripted',
  host: null,
  tokens: { used: 0, budget: 1000, pauseAt: 850, costUsd: 0, costUnknown: false },
  gates: [],
  conflictsWith: [],
  createdAt: 0,
  stateSince: 0,
  lastActivity: null,
});
const board = (...ids: string[]) => ({ tasks: new Map(ids.map((id) => [id, task(id)])), lastEventId: 0 });
let nextId = 1;
const ev = (taskId: string | null, type: string, data: unknown): JournalEvent => ({
  id: nextId++,
  at: 1000 + nextId,
  taskId,
  type,
  data,
});
const usage = (taskId: string, messageId: string | undefined, input: number): JournalEvent =>
  ev(taskId, 'agent', {
    attemptId: 1,
    stream: 'stdout',
    event: { kind: 'usage', messageId, input, output: 10, cacheRead: 5, cacheWrite: 1 },
  });

/** A gate event as GateStore.record journals it (the run's row without its output tail). */
const gateData = (gate: string, ok: boolean) => ({
  gateRunId: nextId,
  task_id: 'a',
  attempt_id: 1,
  gate,
  command: 'npm test',
  ok,
  exit_code: ok ? 0 : 1,
  timed_out: false,
  duration_ms: 10,
  output_path: null,
  fingerprint: null,
});

describe('applyEvents (the page applying journal batches)', () => {
  it('counts usage once per message id, like the usage store, and shows the latest activity', () => {
    const events = [
      usage('a', 'm1', 100),
      usage('a', 'm1', 100),
      usage('a', undefined, 50),
      usage('a', undefined, 50),
    ];
    const { state } = applyEvents(board('a'), events, new Set());
    const a = state.tasks.get('a')!;
    expect(a.tokens.used).toBe(111 + 61 + 61); // input + output + cacheWrite; cache reads are not counted
    expect(a.lastActivity).toEqual({ at: events[3]!.at, eventId: events[3]!.id, text: '+61 tokens' });
    expect(state.lastEventId).toBe(events[3]!.id);
  });

  it('moves a task on a state event, replaces a gate result, and leaves other tasks untouched', () => {
    const start = board('a', 'b');
    const move = ev('a', 'state', { from: 'running', to: 'verifying', cause: 'done' });
    const gate1 = ev('a', 'gate', gateData('test', false));
    const gate2 = ev('a', 'gate', gateData('test', true));
    const { state } = applyEvents(start, [move, gate1, gate2], new Set());
    expect(state.tasks.get('a')).toMatchObject({
      state: 'verifying',
      stateSince: move.at,
      gates: [{ gate: 'test', ok: true }],
    });
    expect(state.tasks.get('b')).toBe(start.tasks.get('b'));
  });

  it('skips events the snapshot already holds and reports tasks it does not know', () => {
    const old = ev('a', 'state', { from: 'running', to: 'paused', cause: 'old' });
    const start = { ...board('a'), lastEventId: old.id };
    const fresh = ev('z', 'state', { from: null, to: 'planned', cause: 'new task' });
    const { state, unknown } = applyEvents(start, [old, fresh, ev(null, 'lock', {})], new Set());
    expect(state.tasks.get('a')?.state).toBe('running');
    expect(unknown).toEqual(['z']);
  });

  it('ignores malformed rows from other writers instead of failing', () => {
    const bad = [
      ev('a', 'state', { to: 'nonsense' }),
      ev('a', 'agent', { event: { kind: 'usage' } }),
      ev('a', 'gate', 'x'),
    ];
    const start = board('a');
    const { state } = applyEvents(start, bad, new Set());
    expect(state.tasks.get('a')).toBe(start.tasks.get('a'));
    expect(bad.map(describeEvent)).toEqual([undefined, undefined, undefined]);
  });

  it('describes attempts and notifications in one line', () => {
    expect(
      describeEvent(
        ev('a', 'attempt', {
          attemptId: 7,
          n: 2,
          kind: 'fix',
          agent: 'claude',
          adapter: 'claude',
          phase: 'started',
        }),
      ),
    ).toBe('attempt #2 fix (claude) started');
    expect(
      describeEvent(
        ev('a', 'attempt', {
          attemptId: 7,
          n: 2,
          phase: 'ended',
          outcome: 'failed',
          exitCode: 1,
          signal: null,
        }),
      ),
    ).toBe('attempt #2 ended: failed, exit 1');
    expect(
      describeEvent(
        ev('a', 'notify', { notificationId: 3, kind: 'budget', message: 'a used 85% of its budget' }),
      ),
    ).toBe('a used 85% of its budget');
  });

  it('describes workspace and queue events in words, not JSON (the task page showed raw JSON)', () => {
    const created = describeEvent(
      ev('a', 'workspace', {
        action: 'created',
        worktree: '/r.grove/a',
        branch: 'grove/a',
        base: 'main',
        baseOid: 'f'.repeat(40),
        port: null,
        copied: { files: 0, symlinks: 0, method: null },
        ms: 12,
      }),
    );
    expect(created).toBe('worktree created at /r.grove/a on grove/a from main fffffff (12 ms)');
    expect(describeEvent(ev('a', 'queue', { phase: 'enqueued' }))).toBe('joined the merge queue');
  });
});
