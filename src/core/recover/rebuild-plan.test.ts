import { describe, expect, it } from 'vitest';
import { describeRebuild, planRebuild } from './rebuild-plan.js';

const C1 = '1'.repeat(40);
const T2 = '2'.repeat(40);

describe('planRebuild', () => {
  const plan = planRebuild({
    tasks: ['a', 'b', 'c', 'd', 'e'],
    base: 'main',
    // a landed (and its branch is still there): merged wins, never blocked or re-run.
    landed: new Map([['a', { commit: C1, attempt: 2 }]]),
    branches: new Map([
      ['a', { branch: 'grove/a', tip: T2, ahead: 1 }],
      ['b', { branch: 'grove/b', tip: T2, ahead: 3 }],
      ['c', { branch: 'grove/c', tip: T2, ahead: 0 }],
    ]),
    logs: new Set(['d']),
  });

  it('merged from a trailer, blocked with a branch (work or not), planned when git knows nothing', () => {
    expect(plan.map((t) => [t.id, t.state])).toEqual([
      ['a', 'merged'],
      ['b', 'blocked'],
      ['c', 'blocked'],
      ['d', 'planned'],
      ['e', 'planned'],
    ]);
    expect(plan[0]).toMatchObject({ commit: C1, attempt: 2 });
    expect(plan[1]!.reason).toBe(
      'rebuilt from git after grove.db was lost: review and `grove retry b`: grove/b has 3 commit(s) not on main (tip 22222222)',
    );
    expect(plan[2]!.reason).toContain('grove/c exists (its worktree may hold uncommitted work)');
    expect(plan[3]!.reason).toContain('an agent ran before');
  });

  it('says what it did in one line', () => {
    expect(describeRebuild(plan, 'main', ['zz'])).toBe(
      'grove.db was missing: rebuilt 5 task(s) from git and the task files: merged a (trailers on main); ' +
        'blocked b, c (a branch with work: review, then `grove retry <id>`); planned d, e; ' +
        'branches without a task file, left alone: zz',
    );
  });
});
