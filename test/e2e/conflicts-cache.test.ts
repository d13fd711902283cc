// Issue 22, the conflict matrix: a merge of the same two commits is remembered between checks
// (<stateDir>/cache/merge-tree.json), so an unchanged pair costs nothing; a branch or base that moved
// is a different commit and is merged again — never answered from the cache. Real git, real SQLite.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openProject } from '../../src/app/context.js';
import type { ConflictReport } from '../../src/app/conflicts/index.js';
import { predictConflicts } from '../../src/app/conflicts/index.js';
import { syncTasks } from '../../src/app/sync-tasks.js';
import { mergeTree, mergeTreeMany } from '../../src/infra/git/merge-tree.js';
import { loadTasks } from '../../src/infra/spec/load.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { makeGroveProject } from '../helpers/grove-project.js';

let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

const LINES = 'one\ntwo\nthree\n';

/** Commits `files` on branch grove/<id> (created from `from` when it does not exist yet). */
function commitOn(project: GroveProject, id: string, files: Record<string, string>, from = 'main'): void {
  const exists = project.git('branch', '--list', `grove/${id}`).trim() !== '';
  project.git('checkout', '-q', ...(exists ? [`grove/${id}`] : ['-b', `grove/${id}`, from]));
  project.write(files);
  project.git('add', '-A');
  project.git('commit', '-q', '-m', `${id} ${Object.keys(files).join(' ')}`);
  project.git('checkout', '-q', 'main');
}

async function check(project: GroveProject, ids: readonly string[]): Promise<ConflictReport> {
  const ctx = await openProject(project.root);
  try {
    syncTasks(ctx.store, await loadTasks(project.root), ctx.config);
    for (const id of ids) ctx.store.patch(id, { branch: `grove/${id}` });
    return await predictConflicts(ctx, { uncommitted: false });
  } finally {
    ctx.close();
  }
}

const names = (r: ConflictReport): string[] => [
  ...r.pairs.map((x) => `${x.a}-${x.b}:${x.files.join(',')}`),
  ...r.againstBase.map((x) => `${x.task}-base:${x.files.join(',')}`),
];

describe('the conflict matrix remembers merges by commit id', () => {
  it('answers an unchanged pair from the cache, and merges again when a tip or the base moves', async () => {
    p = makeGroveProject({ tasks: ['a', 'b', 'c'], files: { 'x/1.txt': LINES, 'x/2.txt': LINES } });
    // a and b both touch x/1.txt on different lines: the prefilter cannot prove them clean, git merges.
    commitOn(p, 'a', { 'x/1.txt': 'ONE-a\ntwo\nthree\n' });
    commitOn(p, 'b', { 'x/1.txt': 'one\ntwo\nTHREE-b\n' });
    commitOn(p, 'c', { 'x/2.txt': 'one\nTWO-c\nthree\n' });

    const first = await check(p, ['a', 'b', 'c']);
    expect(names(first)).toEqual([]);
    expect(first.cached).toBe(0);
    // a ↔ c and b ↔ c change different files from one fork: proved clean without a merge.
    expect(first.provedClean).toBe(2);
    expect(existsSync(join(p.root, '.git', 'grove', 'cache', 'merge-tree.json'))).toBe(true);

    const second = await check(p, ['a', 'b', 'c']);
    expect(names(second)).toEqual([]);
    expect(second.checked).toBe(first.checked);
    expect(second.cached).toBe(second.checked);
    expect(second.provedClean).toBe(2);

    // b moves onto a's line: same task, same branch name, new tip → a conflict, not the remembered clean.
    commitOn(p, 'b', { 'x/1.txt': 'ONE-b\ntwo\nTHREE-b\n' });
    const moved = await check(p, ['a', 'b', 'c']);
    expect(names(moved)).toEqual(['a-b:x/1.txt']);
    expect(moved.cached).toBeLessThan(moved.checked);

    // b moves back to a clean edit: the remembered conflict of the old tip is not served either.
    commitOn(p, 'b', { 'x/1.txt': 'one\ntwo\nTHREE-b2\n' });
    expect(names(await check(p, ['a', 'b', 'c']))).toEqual([]);

    // c, proved clean with a before, moves onto a's line: the remembered proof is not served.
    commitOn(p, 'c', { 'x/1.txt': 'ONE-c\ntwo\nthree\n' });
    expect(names(await check(p, ['a', 'b', 'c']))).toEqual(['a-c:x/1.txt']);

    // The base moves onto c's line: c now conflicts with the base, though no branch moved.
    p.write({ 'x/2.txt': 'one\nTWO-main\nthree\n' });
    p.git('commit', '-q', '-am', 'main moves');
    const based = await check(p, ['a', 'b', 'c']);
    expect(names(based)).toEqual(['a-c:x/1.txt', 'c-base:x/2.txt']);

    // Every answer equals git merge-tree run now on the same refs.
    expect((await mergeTree(p.root, 'grove/a', 'grove/b')).kind).toBe('clean');
    expect((await mergeTree(p.root, 'grove/a', 'grove/c')).kind).toBe('conflict');
    expect((await mergeTree(p.root, 'grove/b', 'grove/c')).kind).toBe('clean');
    expect((await mergeTree(p.root, 'main', 'grove/c')).kind).toBe('conflict');
  }, 60_000);

  it('ignores a cache file it cannot read, and keeps only what the last check used', async () => {
    p = makeGroveProject({ tasks: ['a', 'b'], files: { 'x/1.txt': LINES } });
    commitOn(p, 'a', { 'x/1.txt': 'ONE-a\ntwo\nthree\n' });
    commitOn(p, 'b', { 'x/1.txt': 'ONE-b\ntwo\nthree\n' });
    p.write({ '.git/grove/cache/merge-tree.json': '{"version":1,"merges":{"x y": "not a list"}' });
    const r = await check(p, ['a', 'b']);
    expect(names(r)).toEqual(['a-b:x/1.txt']);
    const kept = JSON.parse(readFileSync(join(p.root, '.git/grove/cache/merge-tree.json'), 'utf8')) as {
      merges: Record<string, unknown>;
    };
    // a-b, a against the base, b against the base.
    expect(Object.keys(kept.merges)).toHaveLength(3);
    expect(Object.values(kept.merges)).toContainEqual(['x/1.txt']);
  }, 60_000);

  it('gives the same answers split over parallel merge-tree processes as in one, in input order', async () => {
    p = makeGroveProject({ files: { 'f.txt': LINES } });
    const tips: string[] = [];
    for (let i = 0; i < 12; i++) {
      commitOn(p, `t${i}`, {
        'f.txt': i % 3 === 0 ? `ONE-${i}\ntwo\nthree\n` : `one\ntwo\nthree\nline ${i}\n`,
      });
      tips.push(p.git('rev-parse', `grove/t${i}`).trim());
    }
    p.git('checkout', '-q', '--orphan', 'orphan');
    p.git('rm', '-q', '-rf', '.');
    p.write({ 'o.txt': 'o\n' });
    p.git('add', '-A');
    p.git('commit', '-q', '-m', 'orphan');
    p.git('checkout', '-q', 'main');
    const pairs: Array<[string, string]> = [];
    for (let i = 0; i < tips.length; i++) {
      for (let j = i + 1; j < tips.length; j++) pairs.push([tips[i]!, tips[j]!]);
      if (i === 5) pairs.push([tips[i]!, 'orphan']);
    }
    const one = await mergeTreeMany(p.root, pairs, { parallel: 1 });
    const four = await mergeTreeMany(p.root, pairs, { parallel: 4 });
    expect(four).toEqual(one);
    expect(one.filter((r) => r.kind === 'unrelated')).toHaveLength(1);
    expect(one.filter((r) => r.kind === 'conflict').length).toBeGreaterThan(0);
    expect(one.filter((r) => r.kind === 'clean').length).toBeGreaterThan(0);
  }, 60_000);
});
