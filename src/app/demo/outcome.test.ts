import { describe, expect, it } from 'vitest';
import type { DemoBestOf, DemoTaskFacts } from './outcome.js';
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

const attempt = (n: number, state: DemoTaskFacts['state']): DemoTaskFacts => ({
  ...merged(`slug-try${n}`),
  state,
  bestOfGroup: 'slug',
});

/**
 * The two cycles as designed: price-format fixed once, tax sent back for a conflict, slug's three
 * attempts of which the third landed; then total-format.
 */
const designed = (): DemoTaskFacts[] => [
  merged('receipt'),
  merged('price-format', gateFix),
  merged('discount'),
  merged('tax', conflictFix),
  merged('checkout'),
  attempt(1, 'abandoned'),
  attempt(2, 'abandoned'),
  attempt(3, 'merged'),
  merged('total-format'),
];
const slug = (over: Partial<DemoBestOf> = {}): DemoBestOf[] => [
  { group: 'slug', attempts: 3, pick: 'slug-try3', landed: 'slug-try3', backupRefs: 3, ...over },
];

describe('checkDemoOutcome', () => {
  it('passes the cycle the sample plan is designed to produce', () => {
    const o = checkDemoOutcome(designed(), { proposals: 3, strict: true, bestOf: slug() });
    expect(o.checks.filter((c) => !c.ok)).toEqual([]);
    expect(o.ok).toBe(true);
    expect(o.merged).toContain('slug-try3');
    expect(o.fixes).toEqual([{ task: 'price-format', gate: 'test' }]);
    expect(o.conflictsHandled).toEqual(['tax']);
    expect(o.notMerged).toEqual([]);
  });

  it('counts a best-of task once, and fails when another attempt than the pick landed or a ref is gone', () => {
    const ok = (bestOf: DemoBestOf[] | undefined, tasks = designed()) =>
      checkDemoOutcome(tasks, { proposals: 3, strict: true, bestOf }).ok;
    expect(ok(slug())).toBe(true);
    expect(ok(slug({ landed: 'slug-try2' }))).toBe(false);
    expect(ok(slug({ backupRefs: 1 }))).toBe(false);
    expect(ok(slug({ attempts: 1 }))).toBe(false);
    expect(ok(undefined)).toBe(false);
    const noneLanded = designed().map((t) => (t.id === 'slug-try3' ? { ...t, state: 'review' as const } : t));
    const o = checkDemoOutcome(noneLanded, { proposals: 3, strict: true, bestOf: slug({ landed: null }) });
    expect(o.ok).toBe(false);
    expect(o.notMerged.map((t) => t.id)).toEqual(['slug-try1', 'slug-try2', 'slug-try3']);
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
