import { describe, expect, it } from 'vitest';
import { aggregateLearnings, isAlreadyStated } from './aggregate.js';
import { classifySection } from './classify.js';
import { draftLearning } from './entry.js';
import { keyTokens, lessonKey, oneLine, similarity, stem } from './normalise.js';
import type { LearningInput } from './types.js';

describe('classifySection', () => {
  it.each([
    ['Never mock child_process in tests; use fixture scripts', 'TEST_STRATEGY'],
    ['Use kebab-case file names and prettier formatting', 'STYLE'],
    ['The db module owns migrations; other layers go through its API', 'ARCH_DECISIONS'],
    ['npm ci fails silently without a lockfile', 'GOTCHAS'],
    ['Something with no signal at all', 'GOTCHAS'],
    ['Run the build before the tests or the bin is missing', 'GOTCHAS'],
  ])('%s → %s', (text, section) => {
    expect(classifySection(text)).toEqual({ section, text });
  });

  it.each([
    ['STYLE: two spaces', 'STYLE', 'two spaces'],
    ['[gotcha] the cache lies', 'GOTCHAS', 'the cache lies'],
    ['Architecture: core is pure', 'ARCH_DECISIONS', 'core is pure'],
    ['ARCH_DECISIONS: core is pure', 'ARCH_DECISIONS', 'core is pure'],
    ['test_strategy - e2e via the bin', 'TEST_STRATEGY', 'e2e via the bin'],
  ])('an explicit prefix wins: %s', (text, section, rest) => {
    expect(classifySection(text)).toEqual({ section, text: rest });
  });
});

describe('normalise', () => {
  it.each([
    ['tests', 'test'],
    ['testing', 'test'],
    ['tested', 'test'],
    ['running', 'run'],
    ['dependencies', 'dependency'],
    ['classes', 'class'],
    ['status', 'status'],
    ['pass', 'pass'],
  ])('stem(%s) = %s', (w, s) => expect(stem(w)).toBe(s));

  it('drops stop words and sorts the key', () => {
    expect(lessonKey('Always run the tests before you commit')).toBe('before commit run test');
  });

  it('scores rephrasings of one lesson as similar and different lessons as not', () => {
    const a = keyTokens('Run npm install before running the tests');
    const b = keyTokens('Always run npm install before the test run');
    const c = keyTokens('Prefer named exports over default exports');
    expect(similarity(a, b)).toBeGreaterThanOrEqual(0.6);
    expect(similarity(a, c)).toBe(0);
    expect(similarity(new Set(), new Set())).toBe(0);
  });

  it.each([
    ['- a bullet', 20, 'a bullet'],
    ['1. numbered', 20, 'numbered'],
    ['\n\n first line \nsecond', 20, 'first line'],
    ['one two three four five', 14, 'one two three…'],
    ['a'.repeat(30), 10, `${'a'.repeat(9)}…`],
  ])('oneLine(%j, %d)', (text, max, out) => {
    expect(oneLine(text, max)).toBe(out);
    expect(oneLine(text, max).length).toBeLessThanOrEqual(max);
  });
});

describe('draftLearning', () => {
  it('turns a successful fix loop into a GOTCHAS entry with its evidence', () => {
    const d = draftLearning({
      kind: 'fix-loop',
      task: 'add-login',
      gate: 'test',
      symptom: "Error: Cannot find module './session.js'\n  at load (x.ts:1:2)",
      files: ['src/b.ts', 'src/a.ts'],
      commit: 'abc123',
    });
    expect(d).toEqual({
      section: 'GOTCHAS',
      entry: `When test fails with "Error: Cannot find module './session.js'", check src/a.ts, src/b.ts first (changing it fixed add-login)`,
      evidence: { task: 'add-login', source: 'fix-loop', files: ['src/b.ts', 'src/a.ts'], commit: 'abc123' },
    });
  });

  it('turns a resolved conflict and an approved scope into rules with their files', () => {
    expect(draftLearning({ kind: 'conflict', task: 'tax', files: ['src/index.js'] })).toEqual({
      section: 'GOTCHAS',
      entry:
        'Tasks that change src/index.js at the same time conflict: give it to one task or order them with depends_on (tax had to resolve it)',
      evidence: { task: 'tax', source: 'conflict', files: ['src/index.js'] },
    });
    expect(draftLearning({ kind: 'scope-approved', task: 'ui', paths: ['src/theme/**'] })?.entry).toBe(
      'Work like ui also touches src/theme/**: let its spec own them (the lead approved them beyond its owns)',
    );
    expect(draftLearning({ kind: 'conflict', task: 't', files: [] })).toBeUndefined();
  });

  it('names scope violations as an ownership lesson', () => {
    const d = draftLearning({ kind: 'scope-violation', task: 't', files: ['a', 'b', 'c', 'd'] });
    expect(d?.section).toBe('ARCH_DECISIONS');
    expect(d?.entry).toContain('a, b, c and 1 more');
  });

  it('keeps entries to one line of at most 160 characters', () => {
    const d = draftLearning({ kind: 'agent', task: 't', text: `${'word '.repeat(80)}\nsecond line` });
    expect(d?.entry.length).toBeLessThanOrEqual(160);
    expect(d?.entry).not.toContain('\n');
  });

  it('skips empty lessons', () => {
    expect(draftLearning({ kind: 'agent', task: 't', text: '  \n ' })).toBeUndefined();
    expect(draftLearning({ kind: 'scope-violation', task: 't', files: [] })).toBeUndefined();
  });
});

describe('aggregateLearnings', () => {
  const inputs: LearningInput[] = [
    { kind: 'agent', task: 'a', text: 'Run npm install before running the tests', commit: 'c1' },
    { kind: 'agent', task: 'b', text: 'Always run npm install before the test run' },
    { kind: 'human', task: 'b', text: 'STYLE: prefer named exports' },
    { kind: 'stuck', task: 'c', fingerprint: 'test:1', error: 'EADDRINUSE 127.0.0.1:4100' },
    {
      kind: 'agent',
      task: 'a',
      text: 'Run npm install before running the tests',
      commit: 'c1',
      files: ['x'],
    },
  ];

  it('makes one proposal per lesson with every task as evidence', () => {
    const ps = aggregateLearnings(inputs);
    expect(ps.map((p) => [p.section, p.entry, p.evidence.map((e) => e.task)])).toEqual([
      ['GOTCHAS', 'Run npm install before running the tests', ['a', 'b']],
      ['STYLE', 'prefer named exports', ['b']],
      ['GOTCHAS', 'Agents get stuck on "EADDRINUSE 127.0.0.1:4100": say how to avoid it', ['c']],
    ]);
    expect(ps[0]?.evidence[0]).toEqual({ task: 'a', source: 'agent', commit: 'c1', files: ['x'] });
    expect(ps.every((p) => p.status === 'proposed')).toBe(true);
  });

  it('gives stable ids, the same for the same lesson', () => {
    const a = aggregateLearnings(inputs);
    const b = aggregateLearnings(inputs);
    expect(a.map((p) => p.id)).toEqual(b.map((p) => p.id));
    expect(new Set(a.map((p) => p.id)).size).toBe(a.length);
    expect(a[0]?.id).toMatch(/^L[0-9a-f]{8}$/);
  });

  it('marks a lesson AGENTS.md already states', () => {
    const md = '## GOTCHAS\n\n- run npm install before the tests.\n';
    const ps = aggregateLearnings(inputs, { agentsMd: md });
    expect(ps[0]?.status).toBe('already-stated');
    expect(ps[1]?.status).toBe('proposed');
    expect(isAlreadyStated('Prefer named exports', md)).toBe(false);
  });

  it('adds new evidence to existing proposals, keeping their id and status', () => {
    const first = aggregateLearnings(inputs.slice(0, 1)).map((p) => ({ ...p, status: 'accepted' as const }));
    const next = aggregateLearnings([{ kind: 'agent', task: 'z', text: 'run npm install before tests' }], {
      existing: first,
    });
    expect(next).toHaveLength(1);
    expect(next[0]).toMatchObject({ id: first[0]?.id, status: 'accepted' });
    expect(next[0]?.evidence.map((e) => e.task)).toEqual(['a', 'z']);
    expect(first[0]?.evidence).toHaveLength(1);
  });

  it('respects the threshold', () => {
    const two: LearningInput[] = [
      { kind: 'agent', task: 'a', text: 'cache the build output' },
      { kind: 'agent', task: 'b', text: 'cache the build output in CI' },
    ];
    expect(aggregateLearnings(two, { threshold: 0.5 })).toHaveLength(1);
    expect(aggregateLearnings(two, { threshold: 0.9 })).toHaveLength(2);
  });
});
