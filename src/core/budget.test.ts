import { describe, expect, it } from 'vitest';
import {
  applyBudgetChange,
  checkBudget,
  formatTokens,
  parseBudgetChange,
  suggestBudgetIncrease,
} from './budget.js';

describe('suggestBudgetIncrease', () => {
  it.each([
    [60_000, 10_000], // the Codex run: +10k was suggested, then refused
    [9_000, 10_000],
    [1_700_000, 2_000_000],
    [123_456, 3_000],
  ])('%d used of %d: the suggestion, as written, is accepted by grove resume', (used, limit) => {
    const more = suggestBudgetIncrease(used, limit, 0.85);
    const written = parseBudgetChange(`+${formatTokens(more).toLowerCase()}`);
    expect(written.kind).toBe('ok');
    if (written.kind !== 'ok') return;
    expect(applyBudgetChange(limit, written.change, used, 0.85).kind).toBe('ok');
    expect(more).toBeGreaterThanOrEqual(limit);
  });
});

describe('checkBudget', () => {
  it.each([
    [0, 1000, 0.85, 'ok'],
    [849, 1000, 0.85, 'ok'],
    [850, 1000, 0.85, 'pause'],
    [999, 1000, 0.85, 'pause'],
    [1000, 1000, 0.85, 'exceeded'],
    [5000, 1000, 0.85, 'exceeded'],
    [1000, 1000, 1, 'exceeded'],
    [999, 1000, 1, 'ok'],
    [0, 0, 0.85, 'exceeded'],
  ] as const)('used %d of %d at pause_at %d → %s', (used, limit, pauseAt, kind) => {
    const s = checkBudget(used, limit, pauseAt);
    expect(s.kind).toBe(kind);
    expect(s.used).toBe(used);
    expect(s.limit).toBe(limit);
  });

  it('gives the fraction used', () => {
    expect(checkBudget(900, 1000, 0.85)).toEqual({ kind: 'pause', used: 900, limit: 1000, fraction: 0.9 });
  });
});

describe('parseBudgetChange', () => {
  it.each([
    ['+50000', 'add', 50_000],
    ['50000', 'set', 50_000],
    ['200k', 'set', 200_000],
    ['200K', 'set', 200_000],
    ['1.5M', 'set', 1_500_000],
    ['+1.5m', 'add', 1_500_000],
    ['+2.5k', 'add', 2_500],
    [' 300_000 ', 'set', 300_000],
    ['1,000,000', 'set', 1_000_000],
  ] as const)('%s → %s %d', (text, kind, tokens) => {
    expect(parseBudgetChange(text)).toEqual({ kind: 'ok', change: { kind, tokens } });
  });

  it.each(['', '+', '-5000', 'abc', '1.5', '0', '+0k', '1.2345k', '5 tokens', '1e6', '++5'])(
    'refuses %j',
    (text) => {
      const r = parseBudgetChange(text);
      expect(r.kind).toBe('invalid');
      if (r.kind === 'invalid') expect(r.message).toContain(text.trim() === '' ? '""' : text);
    },
  );
});

describe('applyBudgetChange', () => {
  it('adds to the current budget and resumes when under pause_at', () => {
    const r = applyBudgetChange(100_000, { kind: 'add', tokens: 50_000 }, 90_000, 0.85);
    expect(r).toMatchObject({ kind: 'ok', budget: 150_000, status: { kind: 'ok' } });
  });

  it('replaces the budget with a plain number', () => {
    expect(applyBudgetChange(100_000, { kind: 'set', tokens: 400_000 }, 90_000, 0.85)).toMatchObject({
      kind: 'ok',
      budget: 400_000,
    });
  });

  it('refuses a budget that would pause again at once and names a sufficient increase', () => {
    const r = applyBudgetChange(100_000, { kind: 'add', tokens: 5_000 }, 90_000, 0.85);
    expect(r.kind).toBe('still-over');
    if (r.kind !== 'still-over') return;
    expect(r.status.kind).toBe('pause');
    const plus = Number(/\+(\d+)/.exec(r.message)?.[1]);
    expect(applyBudgetChange(100_000, { kind: 'add', tokens: plus }, 90_000, 0.85).kind).toBe('ok');
    expect(applyBudgetChange(100_000, { kind: 'add', tokens: plus - 1 }, 90_000, 0.85).kind).toBe(
      'still-over',
    );
  });
});

describe('formatTokens', () => {
  it.each([
    [999, '999'],
    [1000, '1k'],
    [45_200, '45.2k'],
    [1_234_567, '1.23M'],
    [2_000_000, '2M'],
  ])('%d → %s', (n, s) => expect(formatTokens(n)).toBe(s));
});
