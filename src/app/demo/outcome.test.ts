import { describe, expect, it } from 'vitest';
import type { DemoTaskFacts } from './outcome.js';
import { checkDemoOutcome } from './outcome.js';

const merged = (id: string, ...extra: DemoTaskFacts['history']): DemoTaskFacts => ({
  id,
  state: 'merged',
  history: [
    { to: 'ready' },
    { to: 'running' },
    ...extra,
    { to: 'verified' },
    { to: 'queued' },
    { to: 'merged' },
  ],
});
const gateFix = { to: 'fixing' as const, kind: 'fix', gate: 'test' };
const conflictFix = { to: 'fixing' as const, kind: 'conflict', files: ['src/index.js'] };

/** The two cycles as designed: price-format fixed once, tax sent back for a conflict; then total-format. */
const designed = (): DemoTaskFacts[] => [
  merged('receipt'),
  merged('price-format', gateFix),
  merged('discount'),
  merged('tax', conflictFix),
  merged('checkout'),
  merged('total-format'),
];

describe('checkDemoOutcome', () => {
  it('passes the cycle the sample plan is designed to produce', () => {
    const o = checkDemoOutcome(designed(), { proposals: 3, strict: true });
    expect(o.ok).toBe(true);
    expect(o.fixes).toEqual([{ task: 'price-format', gate: 'test' }]);
    expect(o.conflictsHandled).toEqual(['tax']);
    expect(o.notMerged).toEqual([]);
  });

  it('counts a conflict send-back apart from fix iterations', () => {
    const tasks = designed();
    tasks[2] = merged('discount', conflictFix);
    const o = checkDemoOutcome(tasks, { proposals: 3, strict: true });
    expect(o.fixes).toHaveLength(1);
    expect(o.conflictsHandled).toEqual(['discount', 'tax']);
    expect(o.checks.find((c) => c.name.startsWith('conflicts'))?.ok).toBe(false);
    expect(o.ok).toBe(false);
  });

  it('does not count a conflict as handled when the task did not merge', () => {
    const tasks = designed();
    tasks[3] = {
      id: 'tax',
      state: 'conflict',
      history: [{ to: 'running' }, conflictFix, { to: 'conflict' }],
    };
    const o = checkDemoOutcome(tasks, { proposals: 3, strict: true });
    expect(o.conflictsHandled).toEqual([]);
    expect(o.notMerged).toEqual([{ id: 'tax', state: 'conflict' }]);
    expect(o.ok).toBe(false);
  });

  it('fails on a second fix iteration or a missing proposal', () => {
    const tasks = designed();
    tasks[0] = merged('receipt', gateFix);
    expect(checkDemoOutcome(tasks, { proposals: 3, strict: true }).ok).toBe(false);
    expect(checkDemoOutcome(designed(), { proposals: 0, strict: true }).ok).toBe(false);
    expect(checkDemoOutcome(designed(), { proposals: 4, strict: true }).ok).toBe(false);
  });

  it('checks the lead and the trend over the two cycles when they are given', () => {
    const lead = [
      { kind: 'approve-plan' as const, specs: 5, line: '' },
      { kind: 'accept-lesson' as const, id: 'L1', entry: 'x', line: '' },
      { kind: 'approve-plan' as const, specs: 6, line: '' },
    ];
    const row = (cycle: number, tasks: number, firstPassRate: number) => ({
      cycle,
      tasks,
      merged: tasks,
      firstPassRate,
      fixIterationsPerTask: 0,
      stuckRate: 0,
      reviewRounds: 0,
      tokensPerMerged: 1,
      costPerMerged: 0,
      costUnknown: false,
      spawnToMergeMs: 1,
      conflicts: 0,
      lessonsAccepted: 0,
    });
    const check = (name: string, trend: ReturnType<typeof row>[]) =>
      checkDemoOutcome(designed(), { proposals: 3, strict: true, lead, trend }).checks.find((c) =>
        c.name.startsWith(name),
      );
    expect(check('first-pass gate rate rose', [row(1, 5, 0.6), row(2, 1, 1)])?.ok).toBe(true);
    expect(check('first-pass gate rate rose', [row(1, 5, 0.6), row(2, 1, 0.6)])?.ok).toBe(false);
    expect(check('cycles', [row(1, 5, 0.6)])?.ok).toBe(false);
    expect(check('lessons accepted', [])?.actual).toBe(1);
  });

  it('with a real agent requires only that every task merged', () => {
    const tasks = designed();
    tasks[0] = merged('receipt', gateFix, gateFix);
    const o = checkDemoOutcome(tasks, { proposals: 0, strict: false });
    expect(o.ok).toBe(true);
    expect(o.checks.filter((c) => c.expected !== null).map((c) => c.name)).toEqual(['tasks merged']);
    tasks[4] = { id: 'checkout', state: 'blocked', history: [{ to: 'blocked' }] };
    expect(checkDemoOutcome(tasks, { proposals: 0, strict: false }).ok).toBe(false);
  });
});
