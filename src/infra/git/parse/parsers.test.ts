import { describe, expect, it } from 'vitest';
import { parseConflictMarkers } from './diff-check.js';
import { parseLeftRightCount } from './left-right.js';
import { parseMergeTree, parseMergeTreeBatch } from './merge-tree.js';
import { parseNumstat, sumNumstat } from './numstat.js';
import { parseStatus } from './status.js';
import { parseWorktreeList } from './worktree-list.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const T = 'c'.repeat(40);

describe('parseWorktreeList', () => {
  it('reads main, branch, detached, locked and prunable entries', () => {
    const out = [
      `worktree /r\0HEAD ${A}\0branch refs/heads/main\0\0`,
      `worktree /r.grove/a b\0HEAD ${B}\0branch refs/heads/grove/a\0locked reason here\0\0`,
      `worktree /gone\0HEAD ${A}\0detached\0prunable gitdir file points to non-existent location\0\0`,
      `worktree /bare\0bare\0\0`,
    ].join('');
    const list = parseWorktreeList(out);
    expect(list).toHaveLength(4);
    expect(list[0]).toMatchObject({ path: '/r', head: A, branch: 'refs/heads/main', detached: false });
    expect(list[1]).toMatchObject({
      path: '/r.grove/a b',
      branch: 'refs/heads/grove/a',
      locked: 'reason here',
    });
    expect(list[2]).toMatchObject({ detached: true, branch: undefined });
    expect(list[2]!.prunable).toContain('non-existent');
    expect(list[3]).toMatchObject({ bare: true, head: undefined });
  });
  it('returns nothing for empty output', () => {
    expect(parseWorktreeList('')).toEqual([]);
  });
});

describe('parseStatus', () => {
  it('reads branch headers, changed, renamed, unmerged and untracked entries with spaces in paths', () => {
    const out = [
      `# branch.oid ${A}`,
      '# branch.head grove/x',
      '# branch.upstream origin/grove/x',
      '# branch.ab +2 -3',
      `1 .M N... 100644 100644 100644 ${A} ${A} src/a file.ts`,
      `2 R. N... 100644 100644 100644 ${A} ${A} R100 new name.ts`,
      'old name.ts',
      `u UU N... 100644 100644 100644 100644 ${A} ${A} ${A} conflict.ts`,
      '? untracked one.txt',
      '? two.txt',
      '! ignored/',
      '',
    ].join('\0');
    const s = parseStatus(out);
    expect(s).toMatchObject({ oid: A, branch: 'grove/x', upstream: 'origin/grove/x', ahead: 2, behind: 3 });
    expect(s.entries.map((e) => [e.kind, e.path])).toEqual([
      ['changed', 'src/a file.ts'],
      ['renamed', 'new name.ts'],
      ['unmerged', 'conflict.ts'],
      ['untracked', 'untracked one.txt'],
      ['untracked', 'two.txt'],
      ['ignored', 'ignored/'],
    ]);
    expect(s.entries[1]!.origPath).toBe('old name.ts');
    expect(s.dirty).toBe(true);
    expect(s.untracked).toBe(2);
  });
  it('is clean with only untracked files, detached and unborn heads', () => {
    const s = parseStatus('# branch.oid (initial)\0# branch.head (detached)\0? x\0');
    expect(s).toMatchObject({
      oid: undefined,
      branch: undefined,
      dirty: false,
      untracked: 1,
      ahead: undefined,
    });
  });
});

describe('parseNumstat', () => {
  it('reads plain, binary and renamed files and sums them', () => {
    const out = '3\t1\tsrc/a.ts\0-\t-\timg.png\0' + '5\t0\t\0old.ts\0new dir/new.ts\0';
    const files = parseNumstat(out);
    expect(files).toEqual([
      { path: 'src/a.ts', added: 3, deleted: 1, binary: false },
      { path: 'img.png', added: undefined, deleted: undefined, binary: true },
      { path: 'new dir/new.ts', oldPath: 'old.ts', added: 5, deleted: 0, binary: false },
    ]);
    expect(sumNumstat(files)).toEqual({ files: 3, added: 8, deleted: 1 });
  });
});

describe('parseLeftRightCount', () => {
  it('maps left to behind and right to ahead', () => {
    expect(parseLeftRightCount('4\t7\n')).toEqual({ behind: 4, ahead: 7 });
  });
  it('throws on garbage', () => {
    expect(() => parseLeftRightCount('fatal: bad')).toThrow(/unexpected/);
  });
});

const conflictBody =
  `f\0g h\0f\0\0` +
  `1\0f\0Auto-merging\0Auto-merging f\n\0` +
  `1\0f\0CONFLICT (contents)\0CONFLICT (content): Merge conflict in f\n\0` +
  `2\0g h\0x\0CONFLICT (rename/delete)\0CONFLICT (rename/delete): g h renamed\n\0`;

describe('parseMergeTree', () => {
  it('reads a clean merge', () => {
    expect(parseMergeTree(`${T}\0`, true)).toEqual({ kind: 'clean', tree: T });
  });
  it('reads conflicted files (deduplicated) and message groups', () => {
    const m = parseMergeTree(`${T}\0${conflictBody}`, false);
    expect(m.kind).toBe('conflict');
    if (m.kind !== 'conflict') return;
    expect(m.tree).toBe(T);
    expect(m.files).toEqual(['f', 'g h']);
    expect(m.messages).toHaveLength(3);
    expect(m.messages[1]).toEqual({
      paths: ['f'],
      type: 'CONFLICT (contents)',
      message: 'CONFLICT (content): Merge conflict in f',
    });
    expect(m.messages[2]!.paths).toEqual(['g h', 'x']);
  });
  it('rejects output that is not a tree id (the empty output of an unknown ref)', () => {
    expect(() => parseMergeTree('', false)).toThrow(/unexpected merge-tree output/);
  });
});

describe('parseMergeTreeBatch', () => {
  it('reads clean and conflicted records in order', () => {
    const out = `0\0${A}\0${conflictBody}\0` + `1\0${B}\0\0` + `1\0${T}\0\0`;
    const merges = parseMergeTreeBatch(out);
    expect(merges.map((m) => m.kind)).toEqual(['conflict', 'clean', 'clean']);
    expect(merges[0]).toMatchObject({ tree: A, files: ['f', 'g h'] });
    expect(merges[2]).toEqual({ kind: 'clean', tree: T });
  });
  it('returns the merges git finished before it stopped', () => {
    expect(parseMergeTreeBatch(`1\0${B}\0\0`)).toEqual([{ kind: 'clean', tree: B }]);
    expect(parseMergeTreeBatch('')).toEqual([]);
  });
});

describe('parseConflictMarkers', () => {
  it('keeps the leftover conflict markers of `git diff --check`, not its whitespace errors', () => {
    const out = [
      'src/a b.txt:2: leftover conflict marker',
      'src/a b.txt:3: trailing whitespace.',
      '+b ',
      'src/a b.txt:4: leftover conflict marker',
      '',
    ].join('\n');
    expect(parseConflictMarkers(out)).toEqual([
      { file: 'src/a b.txt', line: 2 },
      { file: 'src/a b.txt', line: 4 },
    ]);
    expect(parseConflictMarkers('')).toEqual([]);
  });
});
