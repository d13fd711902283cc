import { describe, expect, it } from 'vitest';
import type { BestOfAttempt } from './settle.js';
import { settleBestOf } from './settle.js';

const attempt = (
  id: string,
  state: BestOfAttempt['state'],
  passed: boolean,
  diffLines: number,
): BestOfAttempt => ({
  id,
  state,
  gatesDone: true,
  figures: {
    id,
    gatesPassed: passed ? 3 : 2,
    gatesTotal: 3,
    acceptPassed: 0,
    acceptTotal: 0,
    diffLines,
    tokens: 100,
    costUsd: undefined,
    durationMs: 1000,
  },
});

describe('settleBestOf', () => {
  it('waits while any attempt still works or its figures are being counted', () => {
    expect(
      settleBestOf('g', [attempt('a', 'verified', true, 1), attempt('b', 'running', false, 0)], 'auto'),
    ).toBeUndefined();
    expect(
      settleBestOf('g', [{ ...attempt('a', 'verified', true, 1), counting: true }], 'auto'),
    ).toBeUndefined();
    expect(
      settleBestOf('g', [{ ...attempt('a', 'verifying', false, 1), gatesDone: false }], 'auto'),
    ).toBeUndefined();
  });

  it('picks the smallest passing attempt and gives the others up (review auto)', () => {
    const o = settleBestOf(
      'g',
      [
        attempt('g-try1', 'verifying', false, 1),
        attempt('g-try2', 'verified', true, 40),
        attempt('g-try3', 'verified', true, 2),
      ],
      'auto',
    )!;
    expect(o.pick).toBe('g-try3');
    expect(o.abandon.sort()).toEqual(['g-try1', 'g-try2']);
    expect(o.review).toEqual([]);
  });

  it('keeps the other passing attempts for the person with review required', () => {
    const o = settleBestOf(
      'g',
      [
        attempt('g-try1', 'blocked', false, 0),
        attempt('g-try2', 'verified', true, 40),
        attempt('g-try3', 'verified', true, 2),
      ],
      'required',
    )!;
    expect(o).toMatchObject({ pick: 'g-try3', review: ['g-try2'], abandon: ['g-try1'] });
  });

  it('sends the best failure to the fix loop when none passed; a blocked one never is', () => {
    const o = settleBestOf(
      'g',
      [
        attempt('g-try1', 'blocked', false, 0),
        attempt('g-try2', 'verifying', false, 9),
        attempt('g-try3', 'verifying', false, 3),
      ],
      'auto',
    )!;
    expect(o.pick).toBeUndefined();
    expect(o.fix).toBe('g-try3');
    expect(o.abandon.sort()).toEqual(['g-try1', 'g-try2']);
  });
});
