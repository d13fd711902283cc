import { describe, expect, it } from 'vitest';
import { draftLearning } from './entry.js';
import { parseReflection, reflectionPrompt } from './reflection.js';

describe('parseReflection', () => {
  it('takes the last RULE: line, without its marker, bullets or quotes', () => {
    expect(
      parseReflection(
        'I looked back.\n- **RULE:** "Run npm ci before the tests (because the lockfile pins jest)"',
      ),
    ).toEqual({ kind: 'rule', rule: 'Run npm ci before the tests (because the lockfile pins jest)' });
    expect(
      parseReflection(
        'RULE: Do A first (because B)\nRULE: Use toFixed(2) for cents (because tests compare strings)',
      ),
    ).toEqual({
      kind: 'rule',
      rule: 'Use toFixed(2) for cents (because tests compare strings)',
    });
  });

  it('a one-line answer is the rule; none, nothing or too few words are not', () => {
    expect(parseReflection('Keep fixtures under test/fixtures (because the loader looks there)').kind).toBe(
      'rule',
    );
    expect(parseReflection('RULE: none')).toMatchObject({ kind: 'none' });
    expect(parseReflection('RULE: Nothing.')).toMatchObject({ kind: 'none' });
    expect(parseReflection('RULE: be careful')).toMatchObject({
      kind: 'none',
      reason: expect.stringContaining('too short'),
    });
    expect(parseReflection(undefined)).toEqual({ kind: 'none', reason: 'the agent gave no answer' });
    expect(parseReflection('Line one.\nLine two.')).toMatchObject({
      kind: 'none',
      reason: expect.stringContaining('RULE:'),
    });
  });

  it('one line, at most the entry length', () => {
    const r = parseReflection(`RULE: ${'word '.repeat(60)}`);
    expect(r.kind === 'rule' && r.rule.length).toBeLessThanOrEqual(160);
  });

  it('the prompt asks for the marker the parser reads; a draft keeps the attempt as evidence', () => {
    expect(reflectionPrompt('t1')).toContain('RULE: Do X (because Y)');
    expect(
      draftLearning({
        kind: 'reflection',
        task: 't1',
        text: 'TESTING: Mock the clock in vitest (because timers flake)',
        attempt: 2,
      }),
    ).toEqual({
      section: 'TEST_STRATEGY',
      entry: 'Mock the clock in vitest (because timers flake)',
      evidence: { task: 't1', source: 'reflection', attempt: 2 },
    });
  });
});
