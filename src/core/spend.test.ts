import { describe, expect, it } from 'vitest';
import { capReachedMessage, checkSpendCaps, describeSpend, localDay, sumSpend } from './spend.js';

const attempt = (taskId: string, usd: number, unknown = false) => ({ taskId, startedAt: 0, usd, unknown });

describe('fleet spend', () => {
  it('sums the known dollars and names the tasks of unknown cost, never counting them as $0 silently', () => {
    const total = sumSpend([
      attempt('a', 1.5),
      attempt('b', 0, true),
      attempt('c', 0.25, true),
      attempt('a', 1),
    ]);
    expect(total).toEqual({ usd: 2.75, unknownTasks: ['b', 'c'] });
    expect(describeSpend(total)).toBe('at least $2.75 (2 tasks of unknown cost: b, c)');
    expect(describeSpend(sumSpend([attempt('a', 1.5)]))).toBe('$1.50');
  });

  it('a cap is reached when the known spend reaches it; windows without a cap are left out', () => {
    const spent = sumSpend([attempt('a', 5)]);
    const checks = checkSpendCaps([
      { window: 'cycle', period: '1', cap: 5, spent },
      { window: 'day', period: '2026-12-07', cap: undefined, spent },
    ]);
    expect(checks).toEqual([{ window: 'cycle', period: '1', cap: 5, spent, reached: true }]);
    expect(checkSpendCaps([{ window: 'cycle', period: '1', cap: 5.01, spent }])[0]!.reached).toBe(false);
  });

  it('says what was spent, that nothing new starts, and how to raise it', () => {
    const spent = sumSpend([attempt('a', 5.1), attempt('b', 0, true)]);
    const [cycle] = checkSpendCaps([{ window: 'cycle', period: '1', cap: 5, spent }]);
    const [day] = checkSpendCaps([{ window: 'day', period: 'd', cap: 4, spent }]);
    expect(capReachedMessage([cycle!])).toBe(
      'spend cap reached, no new agent session starts — this cycle: at least $5.10 (1 task of unknown cost: b) of $5.00 (budgets.usd_per_cycle); running tasks go on; raise budgets.usd_per_cycle in .grove/config.yaml, then run grove run again',
    );
    expect(capReachedMessage([day!])).toContain('(the day cap lifts at midnight, local time)');
  });

  it('the day is the local calendar day', () => {
    const noon = new Date(2026, 11, 7, 12, 30).getTime();
    expect(localDay(noon)).toEqual({ day: '2026-12-07', start: new Date(2026, 11, 7).getTime() });
  });
});
