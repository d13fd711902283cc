import { describe, expect, it } from 'vitest';
import { culpritAction } from '../queue/results.js';
import { decide } from './decide.js';
import type { SendBackFailure } from './send-back.js';
import { decideSendBack, nextIteration } from './send-back.js';
import type { SchedulerPolicy, SchedulerTask } from './snapshot.js';

const gate: SendBackFailure = {
  source: 'gate',
  gate: 'test',
  command: 'npm test',
  outputTail: 'FAIL a.test.ts',
  fingerprint: 'test:abc',
};
const queue: SendBackFailure = { ...gate, source: 'queue', gate: 'queue' };
const conflict: SendBackFailure = { source: 'conflict', files: ['src/a.ts', 'src/b.ts'], base: 'main' };

describe('nextIteration', () => {
  it.each([
    [0, 3, 1],
    [2, 3, 3],
    [3, 3, undefined],
    [4, 3, undefined],
    [0, 0, undefined],
  ])('after %i of %i iterations: %s', (done, max, next) => {
    expect(nextIteration(done, max)).toBe(next);
  });
});

describe('decideSendBack', () => {
  it('sends a failed gate back as the next fix iteration while iterations remain', () => {
    const d = decideSendBack({
      taskId: 't',
      failure: gate,
      counts: { fixes: 1, conflicts: 2 },
      maxIterations: 3,
    });
    expect(d).toEqual({
      kind: 'send-back',
      to: 'fixing',
      source: 'gate',
      iteration: 2,
      maxIterations: 3,
      cause: 'test failed: fix 2 of 3',
      data: { kind: 'fix', source: 'gate', gate: 'test', fingerprint: 'test:abc', iteration: 2 },
    });
  });

  it('blocks a task whose fix iterations ran out, whatever its conflict count', () => {
    const d = decideSendBack({
      taskId: 't',
      failure: queue,
      counts: { fixes: 3, conflicts: 0 },
      maxIterations: 3,
    });
    expect(d.kind).toBe('block');
    expect(d.to).toBe('blocked');
    expect(d.data).toEqual({ kind: 'fix-iterations-exhausted', gate: 'queue', fingerprint: 'test:abc' });
    expect(d.kind === 'block' && d.notify).toEqual({
      kind: 'blocked',
      taskId: 't',
      message: 't is blocked: queue still fails after 3 fix iteration(s); see `grove status t`',
    });
  });

  it('counts conflicts apart from fixes: a conflict goes back while conflict tries remain', () => {
    const d = decideSendBack({
      taskId: 't',
      failure: conflict,
      counts: { fixes: 3, conflicts: 0 },
      maxIterations: 3,
    });
    expect(d).toMatchObject({
      kind: 'send-back',
      to: 'fixing',
      source: 'conflict',
      iteration: 1,
      data: { kind: 'conflict', files: ['src/a.ts', 'src/b.ts'], base: 'main', iteration: 1 },
    });
  });

  it('moves a task to conflict when its conflict tries ran out', () => {
    const d = decideSendBack({
      taskId: 't',
      failure: conflict,
      counts: { fixes: 0, conflicts: 3 },
      maxIterations: 3,
    });
    expect(d).toMatchObject({
      kind: 'block',
      to: 'conflict',
      cause: 'conflicts with main in src/a.ts, src/b.ts after 3 tries',
    });
    expect(d.kind === 'block' && d.notify.message).toContain('resolve it on grove/t');
  });

  it('with max 0 nothing goes back to the agent', () => {
    for (const failure of [gate, queue, conflict]) {
      const d = decideSendBack({
        taskId: 't',
        failure,
        counts: { fixes: 0, conflicts: 0 },
        maxIterations: 0,
      });
      expect(d.kind).toBe('block');
    }
  });
});

describe('one limit for the scheduler, the queue planner and the send-back', () => {
  const task = (fixIterations: number): SchedulerTask => ({
    id: 't',
    state: 'verifying',
    priority: 0,
    dependsOn: [],
    agent: 'scripted',
    tokensUsed: 0,
    budget: 1_000_000,
    attempts: 1,
    fixIterations,
    reassignments: 0,
    attemptStartedAt: null,
    lastOutputAt: null,
    failureFingerprints: [],
    gates: { kind: 'failed', gate: 'test', fingerprint: 'test:abc' },
  });
  const policy: SchedulerPolicy = {
    wip: 3,
    pauseAt: 0.85,
    stuckRepeats: 3,
    stuckIdleMs: 600_000,
    stuckAction: 'reassign',
    fallbackAgent: undefined,
    maxReassign: 1,
    maxFixIterations: 2,
  };

  it.each([0, 1, 2, 3])('after %i fix iterations all three agree', (fixes) => {
    const scheduler = decide({ tasks: [task(fixes)], policy, now: 0 })[0];
    const sendBack = decideSendBack({
      taskId: 't',
      failure: gate,
      counts: { fixes, conflicts: 0 },
      maxIterations: 2,
    });
    const culprit = culpritAction('t', { kind: 'fail', output: 'FAIL' }, fixes, 2);
    const goesBack = sendBack.kind === 'send-back';
    expect(scheduler?.kind === 'fix').toBe(goesBack);
    expect(culprit.kind === 'fix').toBe(goesBack);
    expect(goesBack).toBe(fixes < 2);
  });
});

describe('a gate that keeps failing while the queue’s conflict is open', () => {
  const gate: SendBackFailure = {
    source: 'gate',
    gate: 'committed',
    command: 'git status --porcelain',
    outputTail: 'a merge is in progress and not finished',
    fingerprint: 'committed:1',
  };
  it('blocks naming the conflict, not only the gate', () => {
    const d = decideSendBack({
      taskId: 't',
      failure: gate,
      counts: { fixes: 3, conflicts: 1 },
      maxIterations: 3,
      openConflict: { base: 'main', files: ['src/a.ts'] },
    });
    expect(d).toMatchObject({
      kind: 'block',
      to: 'blocked',
      cause:
        'the conflict with main in src/a.ts is not resolved: committed still fails after 3 fix iteration(s)',
      data: { kind: 'conflict-unresolved', files: ['src/a.ts'] },
    });
    expect(d.kind === 'block' && d.notify.message).toContain('resolve it on grove/t');
  });
  it('still sends it back while fix iterations remain', () => {
    const d = decideSendBack({
      taskId: 't',
      failure: gate,
      counts: { fixes: 1, conflicts: 1 },
      maxIterations: 3,
      openConflict: { base: 'main', files: ['src/a.ts'] },
    });
    expect(d).toMatchObject({ kind: 'send-back', iteration: 2 });
  });
});
