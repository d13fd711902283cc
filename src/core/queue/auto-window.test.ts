import { describe, expect, it } from 'vitest';
import { chooseWindow, failureTarget, hardCap, machineCapacity, windowLine } from './auto-window.js';
import { nextWindow } from './window.js';

const none = { failed: 0, of: 0 };

describe('machineCapacity', () => {
  it('starts at 2 × cores before anything is measured, within the hard cap', () => {
    expect(machineCapacity(2, [])).toEqual({ capacity: 4, why: 'nothing measured yet: 2 × cores' });
    expect(machineCapacity(1, []).capacity).toBe(2);
    expect(machineCapacity(64, []).capacity).toBe(32);
    expect(hardCap(1)).toBe(4);
    expect(hardCap(2)).toBe(8);
    expect(hardCap(16)).toBe(32);
  });

  it('gives a test that mostly waits many slots: cores × wall ÷ CPU, capped at 4 × cores', () => {
    // 4 runs of 1 s that used 40 ms of CPU each.
    const waiting = [{ passMs: [1000, 1010, 1005, 1020], parallel: 4, cpuMs: 160 }];
    const r = machineCapacity(2, waiting);
    expect(r.capacity).toBe(8);
    expect(r.why).toBe('a run keeps 0.04 of a core busy');
    expect(machineCapacity(4, [{ passMs: [1000], parallel: 1, cpuMs: 250 }]).capacity).toBe(16);
  });

  it('gives a test that keeps a core busy one slot per core', () => {
    // 2 runs at once on 2 cores, each 1 s of CPU in 1 s: the round kept every core busy.
    const busy = [{ passMs: [1000, 1000], parallel: 2, cpuMs: 2000 }];
    expect(machineCapacity(2, busy).capacity).toBe(2);
    // Tried 4 at once on 2 cores: each waited for CPU (2 s wall for 1 s CPU); still 2, not 4.
    const crowded = [{ passMs: [2000, 2000, 2000, 2000], parallel: 4, cpuMs: 4000 }];
    expect(machineCapacity(2, crowded).capacity).toBe(2);
    // A test using 2 cores for 1 s, seen alone on a calm 4-core machine: 2 at once.
    expect(machineCapacity(4, [{ passMs: [1000], parallel: 1, cpuMs: 2000 }]).capacity).toBe(2);
    // Never below 1.
    expect(machineCapacity(1, [{ passMs: [1000], parallel: 1, cpuMs: 3000 }]).capacity).toBe(1);
  });

  it('without CPU figures: doubles while runs are as fast as the fastest, else takes the throughput', () => {
    expect(machineCapacity(2, [{ passMs: [1000, 1100], parallel: 2 }])).toEqual({
      capacity: 4,
      why: '2 at once ran as fast as one',
    });
    const slower = [
      { passMs: [1000, 1050], parallel: 2 },
      { passMs: [2000, 2100, 1900, 2000], parallel: 4 },
    ];
    expect(machineCapacity(2, slower)).toEqual({ capacity: 2, why: '4 at once ran 2.0× slower' });
  });
});

describe('failureTarget', () => {
  it('tests one more candidate while it is useful at least one time in four', () => {
    expect(failureTarget(none, 32)).toBe(14); // prior: one failure in ten
    expect(failureTarget({ failed: 0, of: 10 }, 100)).toBe(41);
    expect(failureTarget({ failed: 0, of: 10 }, 32)).toBe(32);
    expect(failureTarget({ failed: 4, of: 10 }, 32)).toBe(4);
    expect(failureTarget({ failed: 10, of: 10 }, 32)).toBe(2);
    expect(failureTarget({ failed: 100, of: 100 }, 32)).toBe(1);
    expect(failureTarget(none, 4)).toBe(4);
  });

  it('shrinks as the failure rate grows', () => {
    const targets = [0, 2, 4, 6, 8, 10].map((failed) => failureTarget({ failed, of: 10 }, 32));
    for (let i = 1; i < targets.length; i++) expect(targets[i]).toBeLessThanOrEqual(targets[i - 1]!);
    expect(targets.at(-1)).toBeLessThan(targets[0]!);
  });
});

describe('chooseWindow', () => {
  it('starts at the machine capacity when failures are rare, and says why', () => {
    const rounds = [{ passMs: [1200, 1200], parallel: 2, cpuMs: 100 }];
    const c = chooseWindow({ cores: 2, rounds, failures: { failed: 0, of: 10 } });
    expect(c).toMatchObject({ start: 8, max: 8, floor: 8 });
    expect(windowLine(c.start, c)).toBe(
      'window 8 (max 8): 2 cores, test ≈ 1.2 s, a run keeps 0.04 of a core busy, 0 of last 10 failed',
    );
  });

  it('starts smaller when many recent tasks failed', () => {
    const rounds = [{ passMs: [1000], parallel: 1, cpuMs: 10 }];
    const c = chooseWindow({ cores: 2, rounds, failures: { failed: 8, of: 10 } });
    expect(c.start).toBe(2);
    expect(c.max).toBe(8);
    expect(c.why).toContain('8 of last 10 failed');
  });

  it('keeps fixed config values (numbers) and says so', () => {
    const c = chooseWindow({ cores: 2, rounds: [], failures: none, fixed: { window: 2, parallel: 4 } });
    expect(c).toEqual({ start: 2, max: 4, why: 'queue.parallel 4, queue.window 2' });
    const p = chooseWindow({ cores: 2, rounds: [], failures: none, fixed: { parallel: 3 } });
    expect(p).toMatchObject({ start: 3, max: 3, floor: 3 });
  });

  it('grows on passes and shrinks on failures, not below what the failure rate justifies', () => {
    const policy = chooseWindow({ cores: 2, rounds: [], failures: { failed: 5, of: 10 } });
    expect(policy).toMatchObject({ start: 4, max: 4, floor: 4 });
    expect(nextWindow(4, { merged: 3, failed: true }, { ...policy, max: 8 })).toBe(4);
    const worse = chooseWindow({ cores: 2, rounds: [], failures: { failed: 9, of: 10 } });
    expect(worse.floor).toBe(2);
    expect(nextWindow(4, { merged: 0, failed: true }, worse)).toBe(2);
    expect(nextWindow(2, { merged: 2, failed: false }, worse)).toBe(4);
  });
});
