import { describe, expect, it } from 'vitest';
import { inferOwns } from './ownership-infer.js';

describe('inferOwns: what adopted work owns, from the files it changed', () => {
  it('names each changed folder, and root files as themselves', () => {
    expect(
      inferOwns(['src/login/form.ts', 'src/login/api.ts', 'test/login/form.test.ts', 'README.md']),
    ).toEqual(['README.md', 'src/login/**', 'test/login/**']);
  });

  it('stays as deep as the files go (at most three folders) and goes up when there are too many', () => {
    expect(inferOwns(['src/a/b/c/d.ts'])).toEqual(['src/a/b/**']);
    const many = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((x) => `src/${x}/index.ts`);
    expect(inferOwns(many)).toEqual(['src/**']);
    expect(inferOwns([])).toEqual([]);
  });
});
