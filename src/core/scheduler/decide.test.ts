import { describe, expect, it } from 'vitest';
import { ConfigSchema } from '../../shared/config.js';
import type { TaskState } from '../../shared/task-state.js';
import { assertTransition } from '../../shared/task-state-machine.js';
import { decide } from './decide.js';
import type { Decision } from './decision.js';
import { policyFromConfig } from './snapshot.js';
import type { SchedulerPolicy, SchedulerTask } from './snapshot.js';
import { NOW, TEST_POLICY, schedulerTask } from '../../../test/helpers/scheduler-task.js';

const POLICY: SchedulerPolicy = TEST_POLICY;
const task = schedulerTask;

function run(tasks: SchedulerTask[], policy: Partial<SchedulerPolicy> = {}): Decision[] {
  return decide({ tasks, policy: { ...POLICY, ...policy }, now: NOW });
}
const brief = (ds: Decision[]): string[] =>
  ds.map((d) => (d.kind === 'done' ? 'done' : `${d.kind}:${d.taskId}`));

describe('decide: dependencies', () => {
  it.each<[string, TaskState[], string[]]>([
    ['no dependencies (and starts in the same step)', [], ['mark-ready:t', 'start:t']],
    ['all merged', ['merged', 'cleaned'], ['mark-ready:t', 'start:t']],
    ['one still running', ['merged', 'running'], []],
    ['one abandoned', ['merged', 'abandoned'], ['block:t']],
    ['one failed', ['failed'], ['block:t']],
    ['one blocked (a person may still fix it)', ['blocked'], []],
  ])('%s', (_name, depStates, expected) => {
    const deps = depStates.map((s, i) => task(`d${i}`, s));
    const ds = run([...deps, task('t', 'planned', { dependsOn: deps.map((d) => d.id) })]).filter(
      (d) => d.kind !== 'done' && d.taskId === 't',
    );
    expect(brief(ds)).toEqual(expected);
  });

  it('blocks on a dependency that is not a task, naming it', () => {
    const [d] = run([task('t', 'planned', { dependsOn: ['ghost'] })]);
    expect(d).toMatchObject({ kind: 'block', reason: { kind: 'dependency-missing', dependency: 'ghost' } });
    if (d?.kind === 'block') expect(d.notify.message).toContain('ghost');
  });
});

describe('decide: starting within WIP', () => {
  it('starts ready tasks by priority, then id, up to wip', () => {
    const ds = run(
      [task('c', 'ready'), task('a', 'ready'), task('b', 'ready', { priority: 5 }), task('d', 'ready')],
      { wip: 3 },
    );
    expect(brief(ds)).toEqual(['start:b', 'start:a', 'start:c']);
  });

  it.each<[TaskState, number]>([
    ['running', 1],
    ['fixing', 1],
    ['verifying', 1],
    ['reassigned', 1],
    ['paused', 2],
    ['queued', 2],
    ['blocked', 2],
  ])('a %s task leaves %d of 2 slots free', (state, free) => {
    const ds = run([task('x', state), task('r1', 'ready'), task('r2', 'ready')], { wip: 2 });
    expect(ds.filter((d) => d.kind === 'start' && d.taskId.startsWith('r'))).toHaveLength(free);
  });

  it('frees the slot of a task paused in the same step', () => {
    const ds = run([task('hog', 'running', { tokensUsed: 90_000 }), task('r', 'ready')], { wip: 1 });
    expect(brief(ds)).toEqual(['pause-for-budget:hog', 'start:r']);
  });

  it('never starts two tasks whose ownership overlaps, whichever side lists it', () => {
    const ds = run([task('a', 'running', { overlapsWith: ['b'] }), task('b', 'ready'), task('c', 'ready')]);
    expect(brief(ds)).toEqual(['start:c']);
    const ds2 = run([task('x', 'ready', { overlapsWith: ['y'] }), task('y', 'ready')]);
    expect(brief(ds2)).toEqual(['start:x']);
  });

  it('says whether a start is a first attempt or a retry', () => {
    const ds = run([task('a', 'ready'), task('b', 'ready', { attempts: 2 })]);
    expect(ds.map((d) => (d.kind === 'start' ? d.attemptKind : d.kind))).toEqual(['initial', 'retry']);
  });

  it('starts a reassigned task first with a fresh session', () => {
    const ds = run(
      [task('a', 'ready', { priority: 9 }), task('z', 'reassigned', { agent: 'codex', attempts: 2 })],
      {
        wip: 1,
      },
    );
    expect(ds).toEqual([
      { kind: 'start', taskId: 'z', to: 'running', agent: 'codex', attemptKind: 'reassign' },
    ]);
  });
});

describe('decide: budgets', () => {
  it.each([
    [84_999, undefined],
    [85_000, false],
    [100_000, true],
  ])('%d of 100k tokens', (used, exceeded) => {
    const ds = run([task('t', 'running', { tokensUsed: used })]);
    if (exceeded === undefined) {
      expect(ds.filter((d) => d.kind === 'pause-for-budget')).toEqual([]);
      return;
    }
    expect(ds[0]).toMatchObject({ kind: 'pause-for-budget', to: 'paused', used, limit: 100_000, exceeded });
    if (ds[0]?.kind === 'pause-for-budget') {
      expect(ds[0].notify).toMatchObject({ kind: 'budget', taskId: 't' });
      expect(ds[0].notify.message).toContain('grove resume t --budget');
    }
  });

  it('checks a fixing agent too', () => {
    expect(brief(run([task('t', 'fixing', { tokensUsed: 99_000 })]))).toEqual(['pause-for-budget:t']);
  });

  it('usage reported at the end of the run (Codex, Gemini): paused in verifying before queue or fix', () => {
    // An agent that reported its result is left to exit rather than killed…
    expect(brief(run([task('t', 'running', { tokensUsed: 600_000, agentFinished: true })]))).toEqual([]);
    // …and once its gates have run, it pauses instead of going on to the queue or to a fix.
    for (const gates of [{ kind: 'passed' }, { kind: 'failed', gate: 'test', fingerprint: 'f' }] as const) {
      const ds = run([task('t', 'verifying', { tokensUsed: 600_000, gates })]);
      expect(brief(ds)).toEqual(['pause-for-budget:t']);
      if (ds[0]?.kind === 'pause-for-budget') {
        expect(ds[0].notify.message).toBe(
          't paused when its agent finished (its usage came at the end of the run): 600k of 100k tokens used (600%); continue with: grove resume t --budget +610k',
        );
      }
    }
    // Gates still running cost no tokens: nothing to decide yet.
    expect(brief(run([task('t', 'verifying', { tokensUsed: 600_000, gates: { kind: 'pending' } })]))).toEqual(
      [],
    );
  });
});

describe('decide: stuck', () => {
  const same = ['test:aaaa', 'test:aaaa', 'test:aaaa'];

  it('reassigns after the same fingerprint `repeats` times, to the fallback agent', () => {
    const ds = run([task('t', 'running', { failureFingerprints: same })], { fallbackAgent: 'codex' });
    expect(ds[0]).toMatchObject({
      kind: 'stuck',
      to: 'stuck',
      reason: { kind: 'repeated-failure', fingerprint: 'test:aaaa', repeats: 3 },
      then: { kind: 'reassign', agent: 'codex' },
    });
  });

  it('reassigns to the same agent without a fallback', () => {
    const ds = run([task('t', 'running', { failureFingerprints: same, agent: 'claude' })]);
    expect(ds[0]).toMatchObject({ then: { kind: 'reassign', agent: 'claude' } });
  });

  it('blocks once max_reassign is used up', () => {
    const ds = run([task('t', 'running', { failureFingerprints: same, reassignments: 1 })]);
    expect(ds[0]).toMatchObject({
      kind: 'stuck',
      then: { kind: 'block', reason: { kind: 'stuck', reassignments: 1 } },
    });
  });

  it('blocks at once with stuck.action = block', () => {
    const ds = run([task('t', 'running', { failureFingerprints: same })], { stuckAction: 'block' });
    expect(ds[0]).toMatchObject({ then: { kind: 'block', reason: { kind: 'stuck-policy' } } });
    if (ds[0]?.kind === 'stuck') expect(ds[0].notify.kind).toBe('blocked');
  });

  it('does not count fingerprints that changed', () => {
    const ds = run([task('t', 'running', { failureFingerprints: ['a', 'a', 'b'] })]);
    expect(ds.filter((d) => d.kind === 'stuck')).toEqual([]);
  });

  it.each([
    [59_999, false],
    [60_000, true],
  ])('idle for %d ms → stuck: %s', (idle, stuck) => {
    const ds = run([task('t', 'running', { lastOutputAt: NOW - idle })]);
    expect(ds.some((d) => d.kind === 'stuck' && d.reason.kind === 'idle')).toBe(stuck);
  });

  it('a stuck task with a reassign keeps its slot', () => {
    const ds = run([task('t', 'running', { failureFingerprints: same }), task('r', 'ready')], { wip: 1 });
    expect(brief(ds)).toEqual(['stuck:t', 'start:t']);
  });

  it('a task left in stuck (after a restart) is resolved', () => {
    const ds = run([task('t', 'stuck', { failureFingerprints: same })]);
    expect(ds[0]).toMatchObject({ kind: 'resolve-stuck', then: { kind: 'reassign' } });
  });
});

describe('decide: after the gates', () => {
  const failed = { kind: 'failed', gate: 'test', fingerprint: 'test:1234abcd' } as const;

  it.each<[SchedulerTask['gates'], number, string[], string]>([
    [{ kind: 'pending' }, 0, [], ''],
    [{ kind: 'passed' }, 2, ['mark-verified:t'], ''],
    [failed, 0, ['fix:t'], ''],
    [failed, 2, ['fix:t'], ''],
    [failed, 3, ['block:t'], 'fix-iterations-exhausted'],
  ])('gates %j after %d fix iterations', (gates, fixIterations, expected, reason) => {
    const ds = run([task('t', 'verifying', { gates, fixIterations, failureFingerprints: ['x'] })]);
    expect(brief(ds.filter((d) => d.kind !== 'done'))).toEqual(expected);
    if (reason) expect(ds[0]).toMatchObject({ reason: { kind: reason } });
  });

  it('numbers the fix iteration', () => {
    const [d] = run([task('t', 'verifying', { gates: failed, fixIterations: 1 })]);
    expect(d).toEqual({
      kind: 'fix',
      taskId: 't',
      to: 'fixing',
      gate: 'test',
      fingerprint: 'test:1234abcd',
      iteration: 2,
    });
  });

  it('calls a failure repeated `repeats` times stuck rather than fixing again', () => {
    const ds = run([
      task('t', 'verifying', {
        gates: failed,
        fixIterations: 2,
        failureFingerprints: Array(3).fill('test:1234abcd'),
      }),
    ]);
    expect(ds[0]).toMatchObject({ kind: 'stuck', reason: { kind: 'repeated-failure' } });
  });

  it('with max_iterations 0 blocks on the first failure', () => {
    expect(brief(run([task('t', 'verifying', { gates: failed })], { maxFixIterations: 0 }))).toEqual([
      'block:t',
    ]);
  });

  it('enqueues verified tasks', () => {
    expect(brief(run([task('t', 'verified')]))).toEqual(['enqueue:t']);
  });
});

describe('decide: done', () => {
  it.each<[string, TaskState[], boolean]>([
    ['all merged', ['merged', 'cleaned'], true],
    ['merged and abandoned', ['merged', 'abandoned'], true],
    ['one blocked', ['merged', 'blocked'], true],
    ['one paused for budget', ['merged', 'paused'], true],
    ['one queued', ['merged', 'queued'], false],
    ['one integrating', ['merged', 'integrating'], false],
    ['one verifying, gates pending', ['merged', 'verifying'], false],
  ])('%s → done: %s', (_name, states, done) => {
    const ds = run(states.map((s, i) => task(`t${i}`, s)));
    expect(ds.some((d) => d.kind === 'done')).toBe(done);
  });

  it('lists who waits on a person, including tasks waiting on them', () => {
    const ds = run([task('a', 'merged'), task('b', 'blocked'), task('c', 'planned', { dependsOn: ['b'] })]);
    expect(ds).toEqual([
      expect.objectContaining({ kind: 'done', merged: ['a'], needsPerson: ['b', 'c'], abandoned: [] }),
    ]);
  });

  it('is done for an empty plan', () => {
    expect(brief(run([]))).toEqual(['done']);
  });
});

describe('decide: properties', () => {
  const states: TaskState[] = [
    'planned',
    'ready',
    'running',
    'fixing',
    'verifying',
    'verified',
    'stuck',
    'reassigned',
    'paused',
  ];
  const tasks = states.map((s, i) =>
    task(`t${i}`, s, {
      priority: i % 3,
      dependsOn: s === 'planned' ? ['t1'] : [],
      gates: s === 'verifying' ? { kind: 'failed', gate: 'lint', fingerprint: 'f' } : undefined,
      failureFingerprints: s === 'stuck' ? ['f', 'f', 'f'] : [],
      tokensUsed: s === 'fixing' ? 95_000 : 0,
    }),
  );

  it('is deterministic whatever the input order', () => {
    const a = run(tasks);
    const b = run([...tasks].reverse());
    expect(b).toEqual(a);
  });

  it('only proposes transitions the state machine allows', () => {
    for (const d of run(tasks, { wip: 9 })) {
      if (d.kind === 'done' || d.kind === 'resolve-stuck' || d.kind === 'best-of') continue;
      const from = tasks.find((t) => t.id === d.taskId)?.state ?? 'planned';
      const effective =
        d.kind === 'start' && from === 'stuck'
          ? 'reassigned'
          : d.kind === 'start' && from === 'planned'
            ? 'ready'
            : from;
      expect(assertTransition(effective, d.to).kind, `${d.kind} ${from}→${d.to}`).toBe('ok');
    }
  });

  it('reads its policy from the config defaults', () => {
    expect(policyFromConfig(ConfigSchema.parse({}))).toEqual({
      wip: 3,
      hostWip: {},
      pauseAt: 0.85,
      stuckRepeats: 3,
      stuckIdleMs: 900_000,
      stuckAction: 'reassign',
      fallbackAgent: undefined,
      maxReassign: 1,
      maxFixIterations: 3,
      reviewCode: 'auto',
      reviewPlan: 'auto',
    });
  });
});

describe('decide: code review (review.code)', () => {
  it('enqueues a verified task when review is auto (the default)', () => {
    expect(run([task('t', 'verified')])).toEqual([{ kind: 'enqueue', taskId: 't', to: 'queued' }]);
  });

  it('hands a verified task to review when required, telling the lead once', () => {
    expect(run([task('t', 'verified')], { reviewCode: 'required' })).toEqual([
      {
        kind: 'await-review',
        taskId: 't',
        to: 'review',
        notify: {
          kind: 'review',
          taskId: 't',
          message: 't passed its gates and waits for your review: grove review t',
        },
      },
    ]);
  });

  it('enqueues a verified task whose approval stands for its verified commit', () => {
    expect(run([task('t', 'verified', { approved: true })], { reviewCode: 'required' })).toEqual([
      { kind: 'enqueue', taskId: 't', to: 'queued' },
    ]);
  });

  it('a task in review waits on a person: nothing moves and the plan is done with it needing you', () => {
    const ds = run([task('t', 'review'), task('m', 'merged')], { reviewCode: 'required' });
    expect(ds).toEqual([expect.objectContaining({ kind: 'done', needsPerson: ['t'], merged: ['m'] })]);
  });
});
