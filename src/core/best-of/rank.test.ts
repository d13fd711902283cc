import { describe, expect, it } from 'vitest';
import type { CandidateFigures } from './rank.js';
import { rankCandidates } from './rank.js';

const base: Omit<CandidateFigures, 'id'> = {
  gatesPassed: 2,
  gatesTotal: 2,
  acceptPassed: 1,
  acceptTotal: 1,
  diffLines: 10,
  tokens: 1000,
  costUsd: 0.1,
  durationMs: 60_000,
};

describe('ranking best-of-N candidates', () => {
  it('one fails a gate, one passes with a large diff, one with a small diff: the small one is picked', () => {
    const { ranked, pick } = rankCandidates([
      { ...base, id: 'a', gatesPassed: 1 },
      { ...base, id: 'b', diffLines: 400 },
      { ...base, id: 'c', diffLines: 12 },
    ]);
    expect(ranked.map((c) => c.id)).toEqual(['c', 'b', 'a']);
    expect(pick?.id).toBe('c');
    expect(ranked[2]).toMatchObject({ passes: false });
    expect(ranked[2]!.why).toContain('passed 1/2 gates');
    expect(ranked[1]!.why).toContain('c is smaller or cheaper');
  });

  it('ties on the diff go to fewer tokens, then a known lower cost, then less time; an unknown cost ranks after a known one', () => {
    expect(
      rankCandidates([
        { ...base, id: 'x', tokens: 2000 },
        { ...base, id: 'y', tokens: 900 },
      ]).pick?.id,
    ).toBe('y');
    expect(
      rankCandidates([
        { ...base, id: 'unknown', costUsd: undefined },
        { ...base, id: 'known', costUsd: 5 },
      ]).pick?.id,
    ).toBe('known');
    expect(
      rankCandidates([
        { ...base, id: 'slow', durationMs: 90_000 },
        { ...base, id: 'fast', durationMs: 30_000 },
      ]).pick?.id,
    ).toBe('fast');
  });

  it('when every candidate fails there is no pick, and the one that passed most checks is first for the fix loop', () => {
    const { ranked, pick } = rankCandidates([
      { ...base, id: 'worse', gatesPassed: 0, diffLines: 1 },
      { ...base, id: 'better', gatesPassed: 1 },
    ]);
    expect(pick).toBeUndefined();
    expect(ranked[0]!.id).toBe('better');
  });
});
