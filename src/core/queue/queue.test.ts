import { describe, expect, it } from 'vitest';
import { candidateTasks, planCandidateSizes } from './candidates.js';
import { mulberry32 } from './prng.js';
import type { Bisection, CandidateOutcome, CandidateResult } from './results.js';
import { culpritAction, decideRound } from './results.js';
import { meanSimulation, simulateQueue } from './simulate.js';
import { initialWindow, nextWindow } from './window.js';

const POLICY = { start: 2, max: 4 };

describe('window', () => {
  it.each([
    [{ start: 2, max: 4 }, 2],
    [{ start: 9, max: 4 }, 4],
    [{ start: 0, max: 4 }, 1],
  ])('starts at %j → %d', (policy, w) => expect(initialWindow(policy)).toBe(w));

  it.each([
    [2, 'passed', 3],
    [4, 'passed', 4],
    [4, 'failed', 2],
    [3, 'failed', 1],
    [1, 'failed', 1],
    [1, 'passed', 2],
  ] as const)('%d after a round that %s → %d', (w, round, next) => {
    expect(nextWindow(w, round, POLICY)).toBe(next);
  });

  it.each([
    [2, { merged: 3, failed: false }, 4],
    [1, { merged: 2, failed: false }, 3],
    [3, { merged: 1, failed: true }, 2],
    [4, { merged: 0, failed: true }, 2],
    [1, { merged: 0, failed: true }, 1],
  ])('%d after merging/failing %j → %d (one per merge, then halved)', (w, round, next) => {
    expect(nextWindow(w, round, POLICY)).toBe(next);
  });
});

describe('planCandidateSizes', () => {
  it.each([
    [5, 3, undefined, [1, 2, 3]],
    [2, 3, undefined, [1, 2]],
    [0, 3, undefined, []],
    [10, 4, { failing: 3 }, [1, 2]],
    [10, 2, { failing: 10 }, [3, 7]],
    [10, 1, { failing: 10 }, [5]],
    [10, 3, { failing: 8 }, [2, 4, 6]],
    [10, 9, { failing: 2 }, [1]],
  ])('queue %d, window %d, bisection %j → %j', (len, w, bis, sizes) => {
    expect(planCandidateSizes(len, w, bis)).toEqual(sizes);
  });

  it('builds candidates as the base plus the tasks ahead in queue order', () => {
    expect(candidateTasks(['a', 'b', 'c'], [1, 3])).toEqual([['a'], ['a', 'b', 'c']]);
  });
});

const pass: CandidateOutcome = { kind: 'pass' };
const fail: CandidateOutcome = { kind: 'fail', fingerprint: 'test:abc' };
const Q = ['a', 'b', 'c', 'd', 'e'];
const res = (...o: Array<[number, CandidateOutcome]>): CandidateResult[] =>
  o.map(([size, outcome]) => ({ size, outcome }));

describe('decideRound', () => {
  it('merges everything tested when all pass and grows the window', () => {
    const r = decideRound(Q, res([1, pass], [2, pass], [3, pass]), 3, POLICY);
    expect(r).toMatchObject({
      merge: ['a', 'b', 'c'],
      mergedSize: 3,
      next: { kind: 'continue' },
      remaining: ['d', 'e'],
      window: 4,
    });
  });

  it('merges the passing prefix and names the first failing task as culprit', () => {
    const r = decideRound(Q, res([1, pass], [2, fail], [3, fail]), 3, POLICY);
    expect(r).toEqual({
      merge: ['a'],
      mergedSize: 1,
      next: { kind: 'culprit', taskId: 'b', outcome: fail },
      remaining: ['c', 'd', 'e'],
      window: 2, // (3 + 1 merged) halved
    });
  });

  it('the head failing alone is the culprit and nothing merges', () => {
    const r = decideRound(Q, res([1, fail], [2, fail]), 2, POLICY);
    expect(r).toMatchObject({
      merge: [],
      mergedSize: 0,
      next: { kind: 'culprit', taskId: 'a' },
      remaining: ['b', 'c', 'd', 'e'],
    });
  });

  it('does not trust a pass above a failure (flaky): merges only below it', () => {
    const r = decideRound(Q, res([1, pass], [2, fail], [3, pass]), 3, POLICY);
    expect(r.merge).toEqual(['a']);
    expect(r.next).toMatchObject({ kind: 'culprit', taskId: 'b' });
  });

  it('bisects when a batch fails and the culprit is not pinned', () => {
    const r = decideRound(Q, res([5, fail]), 1, POLICY);
    expect(r).toMatchObject({ merge: [], next: { kind: 'bisect', failing: 5 }, remaining: Q });
  });

  it('keeps the failing bound across bisection rounds and converges on the culprit', () => {
    // Culprit is d (index 3). Round 1: the whole batch fails.
    let queue = [...Q];
    const bad = new Set(['d']);
    const outcome = (size: number): CandidateOutcome =>
      queue.slice(0, size).some((t) => bad.has(t)) ? fail : pass;
    let bisection: Bisection | undefined;
    let merged: string[] = [];
    let culprit: string | undefined;
    let rounds = 0;
    let sizes = [queue.length];
    while (!culprit && rounds < 10) {
      rounds += 1;
      const r = decideRound(
        queue,
        sizes.map((size) => ({ size, outcome: outcome(size) })),
        1,
        POLICY,
        bisection,
      );
      merged = [...merged, ...r.merge];
      queue = r.remaining;
      if (r.next.kind === 'culprit') culprit = r.next.taskId;
      bisection = r.next.kind === 'bisect' ? r.next : undefined;
      sizes = planCandidateSizes(queue.length, 1, bisection);
    }
    expect(culprit).toBe('d');
    expect(merged).toEqual(['a', 'b', 'c']);
    expect(queue).toEqual(['e']);
    expect(rounds).toBeLessThanOrEqual(1 + Math.ceil(Math.log2(Q.length)));
  });

  it('a conflict names its task: culprit at once when the prefix before it passed', () => {
    const conflict: CandidateOutcome = { kind: 'conflict', taskId: 'c', files: ['x.ts'] };
    const r = decideRound(Q, res([1, pass], [2, pass], [3, conflict], [4, conflict]), 4, POLICY);
    expect(r).toMatchObject({
      merge: ['a', 'b'],
      next: { kind: 'culprit', taskId: 'c', outcome: conflict },
      remaining: ['d', 'e'],
    });
  });

  it('a conflict deep in an untested prefix narrows the bisection to it', () => {
    const conflict: CandidateOutcome = { kind: 'conflict', taskId: 'c', files: ['x.ts'] };
    const r = decideRound(Q, res([5, conflict]), 1, POLICY);
    expect(r.next).toMatchObject({ kind: 'bisect', failing: 3 });
  });

  it('ignores results for sizes outside the queue', () => {
    const r = decideRound(['a'], res([1, pass], [2, fail]), 2, POLICY);
    expect(r).toMatchObject({ merge: ['a'], next: { kind: 'continue' }, remaining: [] });
  });
});

describe('culpritAction', () => {
  it.each([
    [fail, 0, 3, { kind: 'fix', taskId: 't', iteration: 1 }],
    [fail, 3, 3, { kind: 'block', taskId: 't', iterations: 3 }],
    [{ kind: 'conflict', taskId: 't', files: ['a'] }, 0, 3, { kind: 'conflict', taskId: 't', files: ['a'] }],
  ] as const)('%j after %d of %d fixes', (outcome, it, max, expected) => {
    expect(culpritAction('t', outcome, it, max)).toEqual(expected);
  });
});

describe('simulateQueue (FIELD.md: N=20, p=0.2)', () => {
  const base = { n: 20, p: 0.2, testTime: 1 };
  const TRIALS = 4000;

  it('serial integration costs N·T', () => {
    const r = meanSimulation({ ...base, window: 1 }, TRIALS);
    expect(r.time).toBe(20);
    expect(r.testRuns).toBe(20);
  });

  it('a window of 4 takes about 7.2 T', () => {
    const r = meanSimulation({ ...base, window: 4 }, TRIALS);
    expect(r.time).toBeGreaterThan(6.9);
    expect(r.time).toBeLessThan(7.5);
  });

  it('an unbounded window takes about 4.8 T', () => {
    const r = meanSimulation({ ...base, window: Infinity }, TRIALS);
    expect(r.time).toBeGreaterThan(4.5);
    expect(r.time).toBeLessThan(5.1);
  });

  it('matches the closed form (1−(1−p)^k)/p branches per T on a long queue', () => {
    const r = meanSimulation({ n: 400, p: 0.2, testTime: 1, window: 4 }, 200);
    const perT = (1 - 0.8 ** 4) / 0.2;
    expect(400 / r.time).toBeGreaterThan(perT * 0.95);
    expect(400 / r.time).toBeLessThan(perT * 1.05);
  });

  it.each([1, 2, 4, 8])(
    'merges every good branch, rejects every bad one, keeps the base green (window %d, adaptive)',
    (w) => {
      for (let seed = 1; seed <= 200; seed += 1) {
        const r = simulateQueue({ ...base, window: w, parallel: 8, adaptive: true, seed });
        expect(r.merged + r.rejected).toBe(20);
        expect(r.baseAlwaysGreen).toBe(true);
      }
    },
  );

  it('is the same for the same seed', () => {
    expect(simulateQueue({ ...base, window: 3, seed: 42 })).toEqual(
      simulateQueue({ ...base, window: 3, seed: 42 }),
    );
  });

  it('counts as bad exactly the branches the seeded draw made bad', () => {
    const random = mulberry32(7);
    const expectedBad = Array.from({ length: 20 }, () => random() < 0.2).filter(Boolean).length;
    expect(simulateQueue({ ...base, window: 4, seed: 7 }).rejected).toBe(expectedBad);
  });
});

describe('mulberry32', () => {
  it('gives a stable sequence in [0, 1)', () => {
    const a = mulberry32(1);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const b = mulberry32(1);
    expect(b()).toBe(xs[0]);
    expect(Math.abs(xs.reduce((s, x) => s + x, 0) / xs.length - 0.5)).toBeLessThan(0.05);
  });
});
