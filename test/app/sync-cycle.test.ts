import { describe, expect, it } from 'vitest';
import { cycleForNewTasks } from '../../src/app/sync-tasks.js';

describe('the cycle new tasks join', () => {
  it('puts new tasks in the latest cycle while it is open, in the next once it is finished', () => {
    expect(cycleForNewTasks([])).toBe(1);
    expect(
      cycleForNewTasks([
        { cycle: 1, state: 'running' },
        { cycle: 1, state: 'merged' },
      ]),
    ).toBe(1);
    expect(
      cycleForNewTasks([
        { cycle: 1, state: 'merged' },
        { cycle: 1, state: 'abandoned' },
      ]),
    ).toBe(2);
    expect(
      cycleForNewTasks([
        { cycle: 1, state: 'review' },
        { cycle: 2, state: 'cleaned' },
      ]),
    ).toBe(3);
  });
});
