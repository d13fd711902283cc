import { describe, expect, it } from 'vitest';
import { applyRound, enqueue, newQueueState, planRound, removeFromQueue } from './planner.js';
import type { QueueState } from './planner.js';
import type { CandidateResult } from './results.js';

const POLICY = { start: 2, max: 4 };

/** Drives the planner against a set of bad tasks until the queue is empty. */
function drain(state: QueueState, bad: ReadonlySet<string>, batchFirst = false) {
  const merged: string[] = [];
  const culprits: string[] = [];
  let rounds = 0;
  let s = state;
  let first = batchFirst;
  while (s.queue.length > 0 && rounds < 100) {
    rounds += 1;
    // batchFirst: test the whole queue as one candidate first (bors-style), then let the planner bisect.
    const candidates = first ? [{ size: s.queue.length, tasks: s.queue }] : planRound(s);
    first = false;
    const results: CandidateResult[] = candidates.map((c) => ({
      size: c.size,
      outcome: c.tasks.some((t) => bad.has(t)) ? { kind: 'fail' } : { kind: 'pass' },
    }));
    const r = applyRound(s, results, POLICY);
    merged.push(...r.merge);
    if (r.culprit) culprits.push(r.culprit.taskId);
    s = r.state;
  }
  return { merged, culprits, rounds, state: s };
}

describe('queue planner', () => {
  it('plans the first `window` prefixes', () => {
    const s = newQueueState(POLICY, ['a', 'b', 'c']);
    expect(planRound(s)).toEqual([
      { size: 1, tasks: ['a'] },
      { size: 2, tasks: ['a', 'b'] },
    ]);
  });

  it('enqueues at the tail once', () => {
    const s = enqueue(newQueueState(POLICY, ['a']), ['b', 'a', 'c']);
    expect(s.queue).toEqual(['a', 'b', 'c']);
  });

  it('drops a bisection when a task inside the failing prefix leaves', () => {
    const s: QueueState = {
      queue: ['a', 'b', 'c', 'd'],
      window: 1,
      bisection: { failing: 3, outcome: { kind: 'fail' } },
    };
    expect(removeFromQueue(s, 'b').bisection).toBeUndefined();
    expect(removeFromQueue(s, 'd').bisection).toEqual({ failing: 3, outcome: { kind: 'fail' } });
    expect(removeFromQueue(s, 'zz')).toBe(s);
  });

  it('merges every good task in order and rejects each bad one', () => {
    const queue = Array.from({ length: 12 }, (_, i) => `t${i}`);
    const bad = new Set(['t3', 't4', 't9']);
    const { merged, culprits, state } = drain(newQueueState(POLICY, queue), bad);
    expect(merged).toEqual(queue.filter((t) => !bad.has(t)));
    expect(culprits).toEqual(['t3', 't4', 't9']);
    expect(state.queue).toEqual([]);
  });

  it('bisects a failing batch down to its culprits in logarithmic rounds', () => {
    const queue = Array.from({ length: 16 }, (_, i) => `t${i}`);
    const bad = new Set(['t11']);
    const { merged, culprits, rounds } = drain({ queue, window: 1 }, bad, true);
    expect(culprits).toEqual(['t11']);
    expect(merged).toEqual(queue.filter((t) => t !== 't11'));
    // 1 batch round + ~log2(16) bisection rounds + a few for the tail after the culprit.
    expect(rounds).toBeLessThanOrEqual(1 + 4 + 4);
  });

  it('keeps the window inside 1..parallel while it adapts', () => {
    let s = newQueueState(POLICY, ['a', 'b', 'c', 'd', 'e', 'f']);
    const seen: number[] = [];
    for (let i = 0; i < 6 && s.queue.length; i += 1) {
      const fail = i % 2 === 1;
      const results: CandidateResult[] = planRound(s).map((c) => ({
        size: c.size,
        outcome: fail ? { kind: 'fail' } : { kind: 'pass' },
      }));
      s = applyRound(s, results, POLICY).state;
      seen.push(s.window);
    }
    expect(seen.every((w) => w >= 1 && w <= 4)).toBe(true);
    expect(seen[0]).toBe(4); // 2 + one per merged task (2)
    expect(seen[1]).toBe(2); // halved after a failing round
  });
});
