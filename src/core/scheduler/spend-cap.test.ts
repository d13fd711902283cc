import { describe, expect, it } from 'vitest';
import { decideWithWaits } from './decide.js';
import type { Decision } from './decision.js';
import type { SchedulerPolicy } from './snapshot.js';
import { NOW, TEST_POLICY, schedulerTask } from '../../../test/helpers/scheduler-task.js';

const POLICY: SchedulerPolicy = { ...TEST_POLICY, wip: 5 };
const task = schedulerTask;

const brief = (ds: Decision[]): string[] =>
  ds.map((d) => (d.kind === 'done' ? 'done' : `${d.kind}:${d.taskId}`));
const CAP = { message: 'spend cap reached — this cycle: $5.10 of $5.00 (budgets.usd_per_cycle)' };

describe('scheduler at a fleet spend cap', () => {
  it('starts nothing new (first start, retry, reassign) and says why, while running work goes on', () => {
    const tasks = [
      task('a', 'running', { tokensUsed: 1000 }),
      task('b', 'ready'),
      task('c', 'ready', { attempts: 2 }),
      task('d', 'reassigned'),
      task('e', 'verifying', { gates: { kind: 'failed', gate: 'test', fingerprint: 'fp' } }),
    ];
    const free = decideWithWaits({ tasks, policy: POLICY, now: NOW });
    expect(brief(free.decisions)).toEqual(['fix:e', 'start:d', 'start:b', 'start:c']);
    const capped = decideWithWaits({ tasks, policy: POLICY, now: NOW, spendCap: CAP });
    // The fix of a task already under way goes on; nothing starts a new session.
    expect(brief(capped.decisions)).toEqual(['fix:e']);
    expect(capped.waits.map((w) => [w.taskId, w.waiting])).toEqual([
      ['d', 'spend-cap'],
      ['b', 'spend-cap'],
      ['c', 'spend-cap'],
    ]);
    expect(capped.waits[0]!.message).toBe(`d does not start: ${CAP.message}`);
  });

  it('with only held tasks left, the run is settled: they wait on a person', () => {
    const tasks = [task('a', 'merged'), task('b', 'ready')];
    const { decisions } = decideWithWaits({ tasks, policy: POLICY, now: NOW, spendCap: CAP });
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({ kind: 'done', merged: ['a'], needsPerson: ['b'] });
  });
});

describe('scheduler: a per-task dollar budget', () => {
  it('pauses a running task at pause_at of its dollars, and says where to raise it', () => {
    const at = (used: number): Decision[] =>
      decideWithWaits({
        tasks: [task('a', 'running', { tokensUsed: 1000, usd: { used, unknown: false, limit: 2 } })],
        policy: POLICY,
        now: NOW,
      }).decisions;
    expect(brief(at(1.6))).toEqual([]);
    const [pause] = at(1.7);
    expect(pause).toMatchObject({ kind: 'pause-for-budget', taskId: 'a', usd: { used: 1.7, limit: 2 } });
    expect(pause?.kind === 'pause-for-budget' && pause.notify.message).toBe(
      "a paused: $1.70 of its $2.00 dollar budget spent (85%); raise budget.usd in its task file (or its role's / budgets.usd in .grove/config.yaml), then grove resume a",
    );
  });

  it('counts only what is known, and says "at least" when part is unknown', () => {
    const [pause] = decideWithWaits({
      tasks: [task('a', 'running', { tokensUsed: 10, usd: { used: 2.5, unknown: true, limit: 2 } })],
      policy: POLICY,
      now: NOW,
    }).decisions;
    expect(pause?.kind === 'pause-for-budget' && pause.exceeded).toBe(true);
    expect(pause?.kind === 'pause-for-budget' && pause.notify.message).toContain(
      'at least $2.50 of its $2.00',
    );
  });
});
