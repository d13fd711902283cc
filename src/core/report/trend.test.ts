import { describe, expect, it } from 'vitest';
import { renderTrend, sparkline } from './trend.js';
import type { TrendRow } from './trend.js';

const row = (cycle: number, over: Partial<TrendRow> = {}): TrendRow => ({
  cycle,
  tasks: 4,
  merged: 4,
  firstPassRate: 0.5,
  fixIterationsPerTask: 0.5,
  stuckRate: 0,
  reviewRounds: 4,
  tokensPerMerged: 20_000,
  costPerMerged: 0.1,
  costUnknown: false,
  spawnToMergeMs: 60_000,
  conflicts: 1,
  lessonsAccepted: 1,
  ...over,
});

describe('the trend over cycles', () => {
  it('draws a small chart per figure, and a dot for a cycle without a value', () => {
    expect(sparkline([0.25, 0.5, 1])).toBe('▁▃█');
    expect(sparkline([2, 2])).toBe('▄▄');
    expect(sparkline([null, 1, 3])).toBe('·▁█');
  });

  it('renders one line per figure with each cycle’s value and which way is better', () => {
    const text = renderTrend([
      row(1),
      row(2, { firstPassRate: 1, fixIterationsPerTask: 0, costUnknown: true }),
    ]);
    expect(text).toContain('grove trend — 2 cycles (1: 4/4 merged, 2: 4/4 merged)');
    expect(text).toMatch(/first-pass gate rate +▁█ {2}50% {2}→ {2}100% {2}\(higher is better\)/);
    expect(text).toMatch(/fix iterations per task +█▁ {2}0\.5 {2}→ {2}0 {2}\(lower is better\)/);
    expect(text).toContain('$0.10  →  ≥ $0.10'); // cycle 2's cost is partly unknown: a lower bound
    expect(renderTrend([])).toContain('No cycles yet');
  });
});
