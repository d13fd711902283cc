// The review page's per-file split of a real `git diff` (what review-view.ts gives): paths, status,
// counts and the content hash that viewed marks are kept by.
import { afterEach, describe, expect, it } from 'vitest';
import { splitPatch } from '../../src/app/dashboard/review-files.js';
import { unifiedDiff } from '../../src/infra/git/diff.js';
import type { TempRepo } from '../helpers/git-repo.js';
import { makeTempRepo } from '../helpers/git-repo.js';

let repo: TempRepo | undefined;
afterEach(() => repo?.cleanup());

const many = (n: number, tag: string): string =>
  Array.from({ length: n }, (_, i) => `${tag} ${i}`).join('\n') + '\n';

describe('splitPatch', () => {
  it('splits a real diff per file: added, deleted, modified, renamed, binary, a path with a space', async () => {
    const r = makeTempRepo({
      files: {
        'gone.txt': 'bye\n',
        'edit.txt': 'one\ntwo\nthree\n',
        'old name.txt': many(20, 'kept'),
        'img.bin': 'a\0b',
      },
    });
    repo = r;
    const from = r.git('rev-parse', 'HEAD').trim();
    r.git('rm', '-q', 'gone.txt');
    r.git('mv', 'old name.txt', 'new name.txt');
    const to = r.commit('change', {
      'edit.txt': 'one\n2\nthree\nfour\n',
      'new.txt': 'hi\n',
      'img.bin': 'a\0c',
    });
    const files = splitPatch(await unifiedDiff(r.root, from, to));
    expect(files.map((f) => [f.path, f.oldPath, f.status, f.additions, f.deletions])).toEqual([
      ['edit.txt', null, 'modified', 2, 1],
      ['gone.txt', null, 'deleted', 0, 1],
      ['img.bin', null, 'binary', 0, 0],
      ['new name.txt', 'old name.txt', 'renamed', 0, 0],
      ['new.txt', null, 'added', 1, 0],
    ]);
    for (const f of files) expect(f.patch.startsWith('diff --git ')).toBe(true);
    expect(files.map((f) => f.patch).join('')).toBe(await unifiedDiff(r.root, from, to));
    // The hash names the new content: the same file at another commit with the same content keeps it.
    const edit = files.find((f) => f.path === 'edit.txt')!;
    const blob = r.git('rev-parse', `${to}:edit.txt`).trim();
    expect(blob.startsWith(edit.hash.split('@')[1]!)).toBe(true);
  });

  it('an empty diff has no files', () => {
    expect(splitPatch('')).toEqual([]);
  });
});
