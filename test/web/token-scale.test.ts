import { describe, expect, it } from 'vitest';
import { tokenScale } from '../../src/web/token-scale.js';

describe('the token chart scale', () => {
  it('a small burn on a big budget fills the chart (it was a flat line at the bottom)', () => {
    const s = tokenScale(20_000, 1_700_000, 2_000_000);
    expect(s.top).toBe(25_000);
    expect(s).toMatchObject({ showPause: false, showBudget: false });
  });

  it('from a quarter of the pause threshold on, the axis reaches it and the pause line shows', () => {
    const s = tokenScale(500_000, 1_700_000, 2_000_000);
    expect(s.top).toBeCloseTo(1_785_000);
    expect(s).toMatchObject({ showPause: true, showBudget: false });
    expect(tokenScale(1_990_000, 1_700_000, 2_000_000)).toMatchObject({ showPause: true, showBudget: true });
  });

  it('without a budget it scales to what was used; nothing used is still a valid axis', () => {
    expect(tokenScale(800, null, null)).toEqual({ top: 1000, showPause: false, showBudget: false });
    expect(tokenScale(0, 850, 1000).top).toBeGreaterThan(0);
  });
});
