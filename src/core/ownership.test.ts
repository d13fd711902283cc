import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { compareGlobs, globProblem, globsMayOverlap, isOwned, ownershipViolations } from './ownership.js';

describe('isOwned / ownershipViolations', () => {
  it('matches globs with dot files included and ./ ignored', () => {
    expect(isOwned('src/.env', ['src/**'])).toBe(true);
    expect(isOwned('./src/a.ts', ['./src/*.ts'])).toBe(true);
    expect(isOwned('src/a/b.ts', ['src/*.ts'])).toBe(false);
    expect(isOwned('README.md', [])).toBe(false);
  });

  it('lists the changed paths outside the owned globs once each', () => {
    expect(
      ownershipViolations(['src/a.ts', 'docs/x.md', 'package.json', 'docs/x.md'], ['src/**', 'package.json']),
    ).toEqual(['docs/x.md']);
  });
});

describe('globProblem', () => {
  it.each([
    ['src/**', undefined],
    ['./src/{a,b}/*.ts', undefined],
    ['', 'an empty glob matches nothing'],
    ['/etc/**', 'globs are relative to the repository root; drop the leading "/"'],
    ['!src/**', 'negated globs are not supported; list the paths the task owns instead'],
    ['src/../x', 'a glob may not leave the repository (no ".." segments)'],
    ['src/', 'a trailing "/" matches no file; write "src/**" for everything under it'],
    ['src\\a', 'use "/" between folders, not "\\"'],
  ])('%s → %s', (glob, problem) => {
    expect(globProblem(glob)).toBe(problem);
  });

  it('rejects unbalanced brackets', () => {
    expect(globProblem('src/[a')).toMatch(/^not a valid glob: /);
  });
});

describe('compareGlobs', () => {
  it.each([
    ['src/a/**', 'src/b/**', 'disjoint'],
    ['src/**/*.ts', 'src/**/*.css', 'disjoint'],
    ['src/*/index.ts', 'src/**/util.ts', 'disjoint'],
    ['lib/**', 'src/**', 'disjoint'],
    ['src/**', 'src/a.ts', 'overlap'],
    ['src/**', 'src', 'overlap'],
    ['src/api/**', 'src/**/*.css', 'overlap'],
    ['**', 'anything/here.md', 'overlap'],
    ['src/{a,b}/*.ts', 'src/b/x.ts', 'overlap'],
    ['src/*.ts', 'src/**/*.ts', 'overlap'],
  ])('%s vs %s: %s', (a, b, kind) => {
    expect(compareGlobs(a, b).kind).toBe(kind);
    expect(compareGlobs(b, a).kind).toBe(kind);
  });

  it('gives an example path that matches both when it proves an overlap', () => {
    const c = compareGlobs('src/api/**', 'src/**/*.css');
    expect(c).toEqual({ kind: 'overlap', example: expect.any(String) as string });
    if (c.kind === 'overlap') {
      expect(picomatch('src/api/**', { dot: true })(c.example)).toBe(true);
      expect(picomatch('src/**/*.css', { dot: true })(c.example)).toBe(true);
    }
  });

  it('is sound: never "disjoint" when some path matches both (exhaustive over a small universe)', () => {
    const globs = [
      'src/**',
      'src/*.ts',
      'src/a/**',
      'src/**/*.ts',
      '**/*.md',
      'src/a/b.ts',
      'src/?.ts',
      'src/{a,b}/**',
      'docs/**',
      '*.json',
      'src/[ab]/*.ts',
      'src',
    ];
    const paths = [
      'src',
      'src/a.ts',
      'src/a/b.ts',
      'src/b/c.ts',
      'src/a/README.md',
      'docs/x.md',
      'package.json',
      'README.md',
      'src/.env',
    ];
    for (const a of globs) {
      for (const b of globs) {
        const shared = paths.find((p) => picomatch(a, { dot: true })(p) && picomatch(b, { dot: true })(p));
        if (shared) expect(globsMayOverlap(a, b), `${a} vs ${b} share ${shared}`).toBe(true);
      }
    }
  });
});
