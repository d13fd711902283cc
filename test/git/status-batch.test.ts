// `git status` of many worktrees in one `git for-each-repo` (src/infra/git/status-batch.ts): each
// worktree's output equals its own `git status`, and a batch that cannot be read with certainty is
// refused so the caller asks each worktree on its own.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { rawStatus, rawStatusBatch, splitStatusOutputs } from '../../src/infra/git/status-batch.js';
import type { TempRepo } from '../helpers/git-repo.js';
import { makeTempRepo } from '../helpers/git-repo.js';

let repo: TempRepo | undefined;
afterEach(() => repo?.cleanup());

describe('status batch', () => {
  it('gives each worktree its own status, in order, and refuses a batch with a missing folder', async () => {
    repo = makeTempRepo({ files: { 'a.txt': 'a\n', 'b.txt': 'b\n' } });
    const wts = ['one', 'two', 'three'].map((n) => join(repo!.parent, n));
    wts.forEach((w, i) => repo!.git('worktree', 'add', '-q', '-b', `b${i}`, w));
    writeFileSync(join(wts[0]!, 'a.txt'), 'changed\n');
    writeFileSync(join(wts[2]!, 'new file.txt'), 'n\n');
    const batch = await rawStatusBatch(repo.root, wts);
    expect(batch).toEqual(await Promise.all(wts.map((w) => rawStatus(w))));
    expect(batch?.[0]).toContain('a.txt');
    expect(batch?.[1]).not.toContain('a.txt');
    expect(batch?.[2]).toContain('new file.txt');
    expect(await rawStatusBatch(repo.root, [wts[0]!, join(repo.parent, 'gone'), wts[1]!])).toBeUndefined();
  });

  it('splits concatenated outputs at each header that starts a field', () => {
    const one = '# branch.oid aaa\0# branch.head b0\0? x\0';
    const two = '# branch.oid bbb\0# branch.head b1\0';
    expect(splitStatusOutputs(one + two)).toEqual([one, two]);
    expect(splitStatusOutputs('')).toEqual([]);
  });
});
