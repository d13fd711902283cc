// "Changes since my last review" against real git: only the task's own changes since the reviewed
// commit, also when the branch was rebased onto a base that moved (the base's changes never show).
import { afterEach, describe, expect, it } from 'vitest';
import { interdiffOf } from '../../src/app/review/interdiff.js';
import type { TempRepo } from '../helpers/git-repo.js';
import { makeTempRepo } from '../helpers/git-repo.js';

let repo: TempRepo | undefined;
afterEach(() => repo?.cleanup());

const lines = (n: number, tag = ''): string =>
  Array.from({ length: n }, (_, i) => `line ${i + 1}${tag}`).join('\n') + '\n';

/** main with a.txt and b.txt; the task branch `t` changes a.txt line 2 (the reviewed commit). */
function setup(): { r: TempRepo; reviewed: string } {
  const r = makeTempRepo({ files: { 'a.txt': lines(10), 'b.txt': lines(10) } });
  repo = r;
  r.git('checkout', '-q', '-b', 't');
  const reviewed = r.commit('task: change a line 2', {
    'a.txt': lines(10).replace('line 2\n', 'line 2 task\n'),
  });
  return { r, reviewed };
}

const added = (patch: string): string[] =>
  patch
    .split('\n')
    .filter((l) => /^[+-](?![+-]{2} )/.test(l))
    .sort();

describe('interdiffOf', () => {
  it('the base did not move: the diff from the reviewed commit to the tip (the fix only)', async () => {
    const { r, reviewed } = setup();
    const tip = r.commit('fix: line 9', {
      'a.txt': lines(10).replace('line 2\n', 'line 2 task\n').replace('line 9\n', 'line 9 fix\n'),
    });
    // The base moves on without the task being rebased: that does not show either.
    r.git('checkout', '-q', 'main');
    const base = r.commit('base: b.txt', { 'b.txt': lines(10, ' base') });
    const d = await interdiffOf(r.root, { base, reviewed, tip });
    expect(d.method).toBe('direct');
    expect(d.files).toEqual(['a.txt']);
    expect(added(d.patch)).toEqual(['+line 9 fix', '-line 9']);
  });

  it('the branch was rebased onto a moved base: the base changes pulled in do not show', async () => {
    const { r, reviewed } = setup();
    r.git('checkout', '-q', 'main');
    // The base changes another file and another line of the task's file.
    const base = r.commit('base: b.txt and a line 6', {
      'b.txt': lines(10, ' base'),
      'a.txt': lines(10).replace('line 6\n', 'line 6 base\n'),
    });
    r.git('checkout', '-q', 't');
    r.git('rebase', '-q', 'main');
    const tip = r.commit('fix: line 9', {
      'a.txt': lines(10)
        .replace('line 2\n', 'line 2 task\n')
        .replace('line 6\n', 'line 6 base\n')
        .replace('line 9\n', 'line 9 fix\n'),
    });
    const d = await interdiffOf(r.root, { base, reviewed, tip });
    expect(d.method).toBe('rebased');
    expect(d.note).toBeNull();
    expect(d.files).toEqual(['a.txt']);
    expect(added(d.patch)).toEqual(['+line 9 fix', '-line 9']);
  });

  it('nothing changed since the review: an empty interdiff', async () => {
    const { r, reviewed } = setup();
    const d = await interdiffOf(r.root, { base: r.git('rev-parse', 'main').trim(), reviewed, tip: reviewed });
    expect(d).toEqual({ method: 'direct', note: null, files: [], patch: '' });
  });

  it('a rebase whose reviewed change does not replay on the new base: the task files only, and says so', async () => {
    const { r, reviewed } = setup();
    r.git('checkout', '-q', 'main');
    const base = r.commit('base: the same line 2, and b.txt', {
      'a.txt': lines(10).replace('line 2\n', 'line 2 base\n'),
      'b.txt': lines(10, ' base'),
    });
    r.git('checkout', '-q', '-B', 't', 'main');
    const tip = r.commit('task redone on the new base', {
      'a.txt': lines(10).replace('line 2\n', 'line 2 task\n').replace('line 9\n', 'line 9 fix\n'),
    });
    const d = await interdiffOf(r.root, { base, reviewed, tip });
    expect(d.method).toBe('task-files');
    expect(d.note).toContain('does not replay cleanly on the new base');
    // b.txt is the base's change alone: it is left out.
    expect(d.files).toEqual(['a.txt']);
    expect(added(d.patch)).toEqual(['+line 9 fix', '-line 9']);
  });
});
