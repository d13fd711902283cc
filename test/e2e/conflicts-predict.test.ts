import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openProject } from '../../src/app/context.js';
import { predictConflicts } from '../../src/app/conflicts/index.js';
import { NotificationStore } from '../../src/infra/db/notification-store.js';
import { Journal } from '../../src/infra/db/journal.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { makeGroveProject, worktreeOf } from '../helpers/grove-project.js';
import { walkTo } from '../helpers/task-state.js';

let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

const SHARED = 'one\ntwo\nthree\n';

function setup(tasks: string[]): GroveProject {
  const project = makeGroveProject({ tasks, files: { 'shared.txt': SHARED } });
  // One at a time: concurrent `git worktree add` on git 2.39 can fail reading another's commondir.
  for (const id of tasks) {
    const r = project.grove('spawn', id);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  }
  return project;
}

function commitIn(project: GroveProject, id: string, files: Record<string, string>): void {
  const wt = worktreeOf(project, id);
  for (const [f, c] of Object.entries(files)) writeFileSync(join(wt, f), c);
  project.git('-C', wt, 'add', '-A');
  project.git('-C', wt, 'commit', '-q', '-m', `${id} work`);
}

async function predict(project: GroveProject) {
  const ctx = await openProject(project.root);
  try {
    const report = await predictConflicts(ctx);
    const notes = new NotificationStore(ctx.db).list().filter((n) => n.kind === 'conflict');
    const journal = new Journal(ctx.db).query({ types: ['conflict'] });
    return { report, notes, journal };
  } finally {
    ctx.close();
  }
}

describe('conflict prediction', () => {
  it('finds committed and uncommitted conflicts in one pass, notifies new ones once, sees them resolve', async () => {
    p = setup(['a', 'b', 'c']);
    commitIn(p, 'a', { 'shared.txt': 'ONE-A\ntwo\nthree\n' });
    commitIn(p, 'c', { 'c.txt': 'c\n' });
    // b's edit is NOT committed: it must be seen through a snapshot without touching b's worktree.
    const wtB = worktreeOf(p, 'b');
    writeFileSync(join(wtB, 'shared.txt'), 'ONE-B\ntwo\nthree\n');
    writeFileSync(join(wtB, 'new-untracked.txt'), 'u\n');
    const statusBefore = p.git('-C', wtB, 'status', '--porcelain=v2');
    const indexPath = join(p.root, '.git/worktrees/b/index');
    const indexBefore = readFileSync(indexPath);
    const indexMtime = statSync(indexPath).mtimeMs;
    const headB = p.git('-C', wtB, 'rev-parse', 'HEAD');

    const first = await predict(p);
    expect(first.report.pairs).toEqual([{ a: 'a', b: 'b', files: ['shared.txt'] }]);
    expect(first.report.againstBase).toEqual([]);
    expect(first.report.snapshots).toEqual(['b']);
    expect(first.report.problems).toEqual([]);
    // 3 tasks against the base + the one pair whose paths overlap, all in one merge-tree process; the
    // other 2 pairs touch disjoint paths from the same fork and are proved clean without a merge.
    expect(first.report.checked).toBe(4);
    expect(first.report.provedClean).toBe(2);
    expect(first.report.added).toHaveLength(1);
    expect(first.notes).toHaveLength(1);
    expect(first.notes[0]!.message).toContain('shared.txt');
    expect(first.journal.map((j) => j.data)).toEqual([
      expect.objectContaining({ phase: 'new', a: 'a', b: 'b', files: ['shared.txt'] }),
    ]);
    // The worktree, its index and its HEAD are exactly as they were.
    expect(readFileSync(indexPath).equals(indexBefore)).toBe(true);
    expect(statSync(indexPath).mtimeMs).toBe(indexMtime);
    expect(p.git('-C', wtB, 'rev-parse', 'HEAD')).toBe(headB);
    expect(p.git('-C', wtB, 'status', '--porcelain=v2')).toBe(statusBefore);

    // Asking again: the same conflict is not new, so no second notification.
    const second = await predict(p);
    expect(second.report.pairs).toHaveLength(1);
    expect(second.report.added).toEqual([]);
    expect(second.notes).toHaveLength(1);

    // The base moves under a: a now conflicts with the base too.
    p.commit('base edit', { 'shared.txt': 'ONE-MAIN\ntwo\nthree\n' });
    const third = await predict(p);
    expect(third.report.againstBase.map((x) => x.task).sort()).toEqual(['a', 'b']);
    expect(third.notes).toHaveLength(3);

    // b drops its edit: the a ↔ b conflict is resolved and journaled.
    p.git('-C', wtB, 'checkout', '--', 'shared.txt');
    const fourth = await predict(p);
    expect(fourth.report.pairs).toEqual([]);
    expect(fourth.report.resolved.map((x) => [x.a, x.b])).toContainEqual(['a', 'b']);
    expect(fourth.journal.filter((j) => (j.data as { phase: string }).phase === 'resolved')).not.toHaveLength(
      0,
    );

    const cli = p.grove('conflicts', '--json');
    expect(cli.stderr).toBe('');
    expect(cli.code).toBe(0);
    const json = JSON.parse(cli.stdout) as { againstBase: Array<{ task: string }>; pairs: unknown[] };
    expect(json.againstBase.map((x) => x.task)).toEqual(['a']);
    expect(json.pairs).toEqual([]);
    const human = p.grove('conflicts');
    expect(human.stdout).toMatch(/conflict {2}a ↔ main \(the base\): shared\.txt/);
  });

  it('a task ↔ task conflict that becomes task ↔ base when one side lands is journaled as moved, not resolved', async () => {
    p = setup(['a', 'b']);
    commitIn(p, 'a', { 'shared.txt': 'ONE-A\ntwo\nthree\n' });
    commitIn(p, 'b', { 'shared.txt': 'ONE-B\ntwo\nthree\n' });
    expect((await predict(p)).report.pairs).toEqual([{ a: 'a', b: 'b', files: ['shared.txt'] }]);
    // a lands (as the merge queue would: its work on main, the task merged).
    p.git('merge', '-q', '--no-edit', 'grove/a');
    const ctx = await openProject(p.root);
    try {
      walkTo(ctx.store, 'a', 'merged', 'test: landed');
    } finally {
      ctx.close();
    }
    const after = await predict(p);
    expect(after.report.againstBase).toEqual([{ task: 'b', files: ['shared.txt'] }]);
    expect(after.report.resolved).toEqual([]);
    expect(after.report.moved.map((x) => [x.a, x.b])).toEqual([['a', 'b']]);
    const phases = after.journal.map((j) => j.data as { phase: string; a: string; b: string });
    expect(phases.map((d) => `${d.phase} ${d.a}-${d.b}`)).toEqual(['new a-b', 'new b-main', 'moved a-b']);
    expect(after.journal.at(-1)!.data).toMatchObject({ movedTo: { a: 'b', b: 'main', against: 'base' } });
  });

  it('reports a branch deleted by hand and unrelated histories as problems, not conflicts', async () => {
    p = setup(['a', 'gone', 'orphan']);
    commitIn(p, 'a', { 'a.txt': 'a\n' });
    p.git('worktree', 'remove', worktreeOf(p, 'gone'));
    p.git('branch', '-D', 'grove/gone');
    const wtO = worktreeOf(p, 'orphan');
    p.git('-C', wtO, 'checkout', '-q', '--orphan', 'elsewhere');
    p.git('-C', wtO, 'rm', '-rq', '--cached', '.');
    writeFileSync(join(wtO, 'other.txt'), 'other\n');
    p.git('-C', wtO, 'add', 'other.txt');
    p.git('-C', wtO, 'commit', '-q', '-m', 'unrelated root');
    p.git('-C', wtO, 'clean', '-fdq');
    p.git('branch', '-f', 'grove/orphan', 'elsewhere');

    const { report } = await predict(p);
    expect(report.pairs).toEqual([]);
    expect(report.againstBase).toEqual([]);
    const gone = report.problems.find((x) => x.task === 'gone');
    expect(gone).toMatchObject({ kind: 'missing-ref' });
    expect(gone?.message).toContain('grove/gone');
    expect(report.problems.filter((x) => x.kind === 'unrelated').length).toBeGreaterThanOrEqual(2);
    expect(report.problems.find((x) => x.kind === 'unrelated')!.message).toMatch(/no history in common/);
    const human = p.grove('conflicts');
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/problem {3}gone: branch grove\/gone does not exist/);
    expect(human.stdout).toMatch(/no conflicts predicted/);
  });
});
