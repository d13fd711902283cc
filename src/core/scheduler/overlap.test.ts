import { describe, expect, it } from 'vitest';
import type { TaskState } from '../../shared/task-state.js';
import { HOLDS_OWNED_PATHS, TASK_STATES } from '../../shared/task-state.js';
import { decide, decideWithWaits } from './decide.js';
import type { Decision } from './decision.js';
import type { SchedulerPolicy, SchedulerTask } from './snapshot.js';
import { NOW, TEST_POLICY, schedulerTask } from '../../../test/helpers/scheduler-task.js';
import type { StartWait } from './starts.js';

const POLICY: SchedulerPolicy = TEST_POLICY;
const task = schedulerTask;

/** `a` owns src/utils.ts, as does `b` (only `a` lists the overlap: it is symmetric). */
const owner = (id: string, state: TaskState, over: Partial<SchedulerTask> = {}): SchedulerTask =>
  task(id, state, { overlapsWith: ['b'], overlapShared: { b: 'src/utils.ts' }, ...over });

const brief = (ds: Decision[]): string[] =>
  ds.map((d) => (d.kind === 'done' ? 'done' : `${d.kind}:${d.taskId}`));
const run = (tasks: SchedulerTask[]): ReturnType<typeof decideWithWaits> =>
  decideWithWaits({ tasks, policy: POLICY, now: NOW });
const holderOf = (w: StartWait): string | undefined =>
  w.waiting === 'plan-approval' || w.waiting === 'spend-cap' || w.waiting === 'host' ? undefined : w.waitsFor;
const failedGates = { gates: { kind: 'failed', gate: 'test', fingerprint: 'fp' } } as const;

describe('overlap: a ready task waits while an overlapping task holds the paths', () => {
  it.each<TaskState>([
    'running',
    'fixing',
    'verifying',
    'verified',
    'queued',
    'integrating',
    'paused',
    'blocked',
    'conflict',
    'stuck',
  ])('does not start while the other is %s', (state) => {
    const { decisions, waits } = run([owner('a', state), task('b', 'ready'), task('c', 'ready')]);
    expect(brief(decisions)).not.toContain('start:b');
    expect(brief(decisions)).toContain('start:c');
    expect(waits.map((w) => [w.taskId, w.waiting, holderOf(w)])).toEqual([['b', 'start', 'a']]);
  });

  it.each<TaskState>(['merged', 'cleaned', 'abandoned', 'failed'])('starts once the other is %s', (state) => {
    const { decisions, waits } = run([owner('a', state), task('b', 'ready')]);
    expect(brief(decisions)).toContain('start:b');
    expect(waits).toEqual([]);
  });

  it('a task blocked before it ever started (its dependency failed) holds nothing', () => {
    expect(
      brief(
        decide({
          tasks: [owner('a', 'blocked', { attempts: 0 }), task('b', 'ready')],
          policy: POLICY,
          now: NOW,
        }),
      ),
    ).toContain('start:b');
  });

  it('HOLDS_OWNED_PATHS is every state from the start until merged, abandoned or failed', () => {
    const free = TASK_STATES.filter((s) => !HOLDS_OWNED_PATHS.includes(s));
    expect(free.sort()).toEqual(['abandoned', 'cleaned', 'failed', 'merged', 'planned', 'ready']);
  });

  it('says why, with what both own; the holder that waits for a person is named as such', () => {
    expect(run([owner('a', 'queued'), task('b', 'ready')]).waits[0]?.message).toBe(
      'b waits for a (owns src/utils.ts too): b starts once a is merged, from a base that contains it',
    );
    expect(run([owner('a', 'paused'), task('b', 'ready')]).waits[0]?.message).toBe(
      'b waits for a, which is paused (owns src/utils.ts too): b starts once a is merged or abandoned; a waits for you',
    );
  });

  it('the message stays the same while the holder moves on by itself (the lead is told once)', () => {
    const messages = new Set(
      (['running', 'verifying', 'verified', 'queued', 'integrating'] as const).map(
        (s) => run([owner('a', s), task('b', 'ready')]).waits[0]?.message,
      ),
    );
    expect(messages.size).toBe(1);
  });

  it('three ready tasks that overlap go one at a time, in priority then id order', () => {
    const three = (states: Record<string, TaskState>, prio: Record<string, number> = {}): string[] =>
      brief(
        decide({
          tasks: Object.entries(states).map(([id, s]) =>
            task(id, s, {
              overlapsWith: ['a', 'b', 'c'].filter((o) => o !== id),
              priority: prio[id] ?? 0,
            }),
          ),
          policy: POLICY,
          now: NOW,
        }),
      ).filter((d) => d.startsWith('start'));
    expect(three({ a: 'ready', b: 'ready', c: 'ready' })).toEqual(['start:a']);
    expect(three({ a: 'queued', b: 'ready', c: 'ready' })).toEqual([]);
    expect(three({ a: 'merged', b: 'ready', c: 'ready' })).toEqual(['start:b']);
    expect(three({ a: 'merged', b: 'integrating', c: 'ready' })).toEqual([]);
    expect(three({ a: 'merged', b: 'merged', c: 'ready' })).toEqual(['start:c']);
    expect(three({ a: 'ready', b: 'ready', c: 'ready' }, { c: 5 })).toEqual(['start:c']);
  });

  it('a task that holds the paths goes on with its own fix loop', () => {
    const ds = decide({
      tasks: [owner('a', 'verifying', failedGates), task('b', 'ready'), task('c', 'ready')],
      policy: POLICY,
      now: NOW,
    });
    expect(brief(ds)).toEqual(['fix:a', 'start:c']);
  });
});

describe('overlap: fixes wait while an overlapping task has an agent or gates running', () => {
  // Two tasks hold the paths at once only when run_overlapping was on when they started, a person
  // spawned one by hand, or the state is older than the rule.
  it.each<[TaskState, Partial<SchedulerTask>]>([
    ['running', {}],
    ['fixing', {}],
    ['verifying', { gates: { kind: 'pending' } }],
    ['reassigned', {}],
  ])('does not fix while the other is %s', (state, over) => {
    const { decisions, waits } = run([owner('a', state, over), task('b', 'verifying', failedGates)]);
    expect(brief(decisions).filter((d) => d.endsWith(':b'))).toEqual([]);
    expect(waits.map((w) => [w.taskId, w.waiting, holderOf(w)])).toEqual([['b', 'fix', 'a']]);
    expect(waits[0]?.message).toBe(
      'b waits to fix for a (owns src/utils.ts too): tasks that own the same paths never run agents or gates at the same time',
    );
  });

  it.each<TaskState>(['verified', 'queued', 'integrating', 'paused', 'blocked', 'merged'])(
    'fixes while the other is %s (nothing of it runs)',
    (state) => {
      expect(brief(run([owner('a', state), task('b', 'verifying', failedGates)]).decisions)).toContain(
        'fix:b',
      );
    },
  );

  it('two that both want a fix go in the start order; the other waits, then goes', () => {
    const both = run([owner('a', 'verifying', failedGates), task('b', 'verifying', failedGates)]);
    expect(brief(both.decisions)).toEqual(['fix:a']);
    expect(both.waits.map((w) => w.taskId)).toEqual(['b']);
    const prio = run([
      owner('a', 'verifying', failedGates),
      task('b', 'verifying', { ...failedGates, priority: 2 }),
    ]);
    expect(brief(prio.decisions)).toEqual(['fix:b']);
    // a's fix is done and its gates passed: b goes.
    const after = run([
      owner('a', 'verifying', { gates: { kind: 'passed' } }),
      task('b', 'verifying', failedGates),
    ]);
    expect(brief(after.decisions)).toEqual(['mark-verified:a', 'fix:b']);
  });

  it('a reassigned task does not start a fresh agent while an overlapping one runs', () => {
    const { decisions, waits } = run([owner('a', 'running'), task('b', 'reassigned')]);
    expect(brief(decisions)).toEqual([]);
    expect(waits.map((w) => [w.taskId, holderOf(w)])).toEqual([['b', 'a']]);
  });

  it('waits are not decisions: a run where only a task waits on a paused one is done', () => {
    const { decisions } = run([owner('a', 'paused'), task('b', 'ready')]);
    expect(decisions).toMatchObject([{ kind: 'done', needsPerson: ['a', 'b'] }]);
  });
});
