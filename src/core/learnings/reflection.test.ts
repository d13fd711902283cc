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

  it('only a RULE: line is a rule; none, nothing, too few words or prose are not', () => {
    expect(parseReflection('Keep fixtures under test/fixtures (because the loader looks there)').kind).toBe(
      'none',
    );
    expect(parseReflection('RULE: none')).toMatchObject({ kind: 'none' });
    expect(parseReflection('RULE: Nothing.')).toMatchObject({ kind: 'none' });
    const short = parseReflection('RULE: be careful');
    expect(short.kind === 'none' && short.reason).toContain('too short');
    expect(parseReflection(undefined)).toEqual({ kind: 'none', reason: 'the agent gave no answer' });
    const prose = parseReflection('Line one.\nLine two.');
    expect(prose.kind === 'none' && prose.reason).toContain('RULE:');
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
