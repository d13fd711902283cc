// Issue 22, the conflict matrix: pairs of branches from the same fork, with no shared commits and
// disjoint paths, are proved clean without a merge. This proves the answer is the one checking every
// pair with `git merge-tree` gives, on branches made to hit each way the shortcut could be wrong: the
// same file, a file against a folder, shared commits, different forks (the base moved), a merge inside.
import { afterEach, describe, expect, it } from 'vitest';
import { openProject } from '../../src/app/context.js';
import { predictConflicts } from '../../src/app/conflicts/index.js';
import { syncTasks } from '../../src/app/sync-tasks.js';
import { mergeTree } from '../../src/infra/git/merge-tree.js';
import { loadTasks } from '../../src/infra/spec/load.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { makeGroveProject } from '../helpers/grove-project.js';

let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

const LINES = 'one\ntwo\nthree\n';
const IDS = ['a', 'b', 'c', 'd', 'e', 'f', 'm', 'n', 'q'];

function branch(project: GroveProject, id: string, from: string, files: Record<string, string>): void {
  project.git('checkout', '-q', '-b', `grove/${id}`, from);
  project.write(files);
  project.git('add', '-A');
  project.git('commit', '-q', '-m', id);
  project.git('checkout', '-q', 'main');
}

describe('the conflict matrix proves disjoint pairs clean without merging them', () => {
  it('gives the same conflicts as git merge-tree on every pair, and skips the provably clean ones', async () => {
    p = makeGroveProject({
      tasks: IDS,
      files: Object.fromEntries(['1', '2', '3', '4', '5', '6'].map((n) => [`x/${n}.txt`, LINES])),
    });
    const old = p.git('rev-parse', 'main').trim();
    branch(p, 'a', old, { 'x/1.txt': 'one\nTWO-a\nthree\n' });
    branch(p, 'b', old, { 'x/2.txt': 'one\nTWO-b\nthree\n' });
    branch(p, 'c', old, { 'x/1.txt': 'one\nTWO-c\nthree\n' }); // same line as a: conflict
    branch(p, 'd', old, { 'x/dir': 'a file\n' });
    branch(p, 'e', old, { 'x/dir/inner.txt': 'a folder\n' }); // file against folder: conflict with d
    branch(p, 'f', 'grove/a', { 'x/3.txt': 'one\nTWO-f\nthree\n' }); // shares a's commit
    // The base moves: main changes x/2.txt; m and n fork from the new main.
    p.write({ 'x/2.txt': 'one\nTWO-main\nthree\n' });
    p.git('commit', '-q', '-am', 'main moves');
    const moved = p.git('rev-parse', 'main').trim();
    branch(p, 'm', moved, { 'x/5.txt': 'one\nTWO-m\nthree\n' });
    branch(p, 'n', moved, { 'x/4.txt': 'one\nTWO-n\nthree\n' });
    // q forks from the old main, merges the new one, then edits: two forks.
    p.git('checkout', '-q', '-b', 'grove/q', old);
    p.git('merge', '-q', '--no-edit', moved);
    p.write({ 'x/6.txt': 'one\nTWO-q\nthree\n' });
    p.git('commit', '-q', '-am', 'q');
    p.git('checkout', '-q', 'main');

    const ctx = await openProject(p.root);
    try {
      syncTasks(ctx.store, await loadTasks(p.root), ctx.config);
      for (const id of IDS) ctx.store.patch(id, { branch: `grove/${id}` });
      const report = await predictConflicts(ctx, { uncommitted: false });

      const expected: string[] = [];
      for (let i = 0; i < IDS.length; i++) {
        for (let j = i + 1; j < IDS.length; j++) {
          const r = await mergeTree(p.root, `grove/${IDS[i]}`, `grove/${IDS[j]}`);
          if (r.kind === 'conflict') expected.push(`${IDS[i]}-${IDS[j]}`);
        }
      }
      const got = report.pairs.map((x) => `${x.a}-${x.b}`).sort();
      expect(got).toEqual(expected.sort());
      expect(got).toEqual(expect.arrayContaining(['a-c', 'd-e', 'c-f', 'b-n', 'b-m', 'b-q']));
      // Pairs among a, b, c, d, e (one fork, no shared commits) with disjoint paths need no merge.
      expect(report.provedClean).toBeGreaterThanOrEqual(7);
      expect(report.checked + report.provedClean).toBe((IDS.length * (IDS.length - 1)) / 2 + IDS.length);
    } finally {
      ctx.close();
    }
  }, 60_000);
});
