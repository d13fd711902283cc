// Reconciling with git before a round (src/app/queue/reconcile.ts): a task whose trailer is already on
// the base is merged, never integrated twice; a checkout left at an older commit of the base by a
// crash is brought along; a trailer from before the task's branch forked is another task's.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openProject } from '../../../src/app/context.js';
import { enqueueTask, integrateNow } from '../../../src/app/queue/index.js';
import type { GroveProject } from '../../helpers/grove-project.js';
import { makeGroveProject, worktreeOf } from '../../helpers/grove-project.js';
import { landings } from '../../helpers/kill-on-base-move.js';
import { walkTo } from '../../helpers/task-state.js';

let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

function work(project: GroveProject, id: string): void {
  expect(project.grove('spawn', id).stderr).toBe('');
  const wt = worktreeOf(project, id);
  writeFileSync(join(wt, `${id}.txt`), `${id}\n`);
  project.git('-C', wt, 'add', '-A');
  project.git('-C', wt, 'commit', '-q', '-m', `${id} work`);
}

/** What the queue wrote before a crash: the task's squash commit on main, trailers and all. */
function landByHand(project: GroveProject, id: string): string {
  project.git('merge', '-q', '--squash', `grove/${id}`);
  project.git('commit', '-q', '-m', `${id}: Task ${id}\n\nGrove-Task: ${id}\nGrove-Attempt: 1`);
  return project.git('rev-parse', 'HEAD').trim();
}

async function integrate(project: GroveProject, ids: string[], to: 'verified' | 'queued' = 'queued') {
  const ctx = await openProject(project.root);
  try {
    for (const id of ids) {
      walkTo(ctx.store, id, 'verified', 'test: gates passed');
      if (to === 'queued') enqueueTask(ctx, id, 'cli');
    }
    const report = await integrateNow(ctx);
    const states = Object.fromEntries(ctx.store.list().map((t) => [t.id, t.state]));
    const reconciled = ctx.stores.journal.query({ types: ['reconcile'] });
    return { report, states, reconciled, open: ctx.stores.queue.open().map((e) => e.task_id) };
  } finally {
    ctx.close();
  }
}

describe('reconciling the queue with the base', () => {
  it('a queued task whose trailer is on main is merged, not integrated again; the others go on', async () => {
    p = makeGroveProject({ tasks: ['a', 'b'] });
    const first = p.git('rev-parse', 'main').trim();
    work(p, 'a');
    work(p, 'b');
    const landed = landByHand(p, 'a');
    const r = await integrate(p, ['a', 'b']);
    expect(r.states).toEqual({ a: 'merged', b: 'merged' });
    expect(r.report.merged.map((m) => m.taskId)).toEqual(['b']);
    expect(r.report.notes).toContain(
      `reconciled: task a already on main at ${landed.slice(0, 8)} (attempt 1); marked merged, not integrated again`,
    );
    expect(r.open).toEqual([]);
    expect(r.reconciled.map((e) => e.type === 'reconcile' && e.data.phase)).toEqual(['merged-on-base']);
    expect(Object.fromEntries(landings(p, first))).toEqual({ a: 1, b: 1 });
  }, 60_000);

  it('a verified task is reconciled too (grove integrate would have queued it)', async () => {
    p = makeGroveProject({ tasks: ['a'] });
    work(p, 'a');
    landByHand(p, 'a');
    const r = await integrate(p, ['a'], 'verified');
    expect(r.states).toEqual({ a: 'merged' });
    expect(r.report.merged).toEqual([]);
  }, 60_000);

  it('a trailer from before the task’s branch forked (an older task of the same id) is not this task', async () => {
    p = makeGroveProject({ tasks: ['a'] });
    const first = p.git('rev-parse', 'main').trim();
    expect(p.grove('plan').code).toBe(0); // the database exists: nothing to rebuild
    p.git('commit', '-q', '--allow-empty', '-m', 'a: an old a\n\nGrove-Task: a\nGrove-Attempt: 1');
    work(p, 'a');
    const r = await integrate(p, ['a']);
    expect(r.report.merged.map((m) => m.taskId)).toEqual(['a']);
    expect(r.reconciled).toEqual([]);
    expect(p.git('log', '--format=%s', `${first}..main`).trim().split('\n')).toEqual([
      'a: Task a',
      'a: an old a',
    ]);
  }, 60_000);

  it('a checkout left at an older commit of main (moved by update-ref, then a crash) is brought along', async () => {
    p = makeGroveProject({ tasks: ['a', 'b'] });
    work(p, 'a');
    work(p, 'b');
    const old = p.git('rev-parse', 'main').trim();
    // main moves to a's squash commit without its checkout (what a crash between the two leaves).
    const tree = p.git('merge-tree', '--write-tree', 'main', 'grove/a').trim().split('\n')[0]!;
    const commit = p
      .git('commit-tree', tree, '-p', old, '-m', 'a: Task a\n\nGrove-Task: a\nGrove-Attempt: 1')
      .trim();
    p.git('update-ref', 'refs/heads/main', commit, old);
    expect(p.git('status', '--porcelain', '--untracked-files=no').trim()).toBe('D  a.txt');

    const r = await integrate(p, ['a', 'b']);
    expect(r.report.notes.join('\n')).toContain(
      `reconciled: your checkout of main at ${p.root} was left at ${old.slice(0, 8)}`,
    );
    expect(r.states).toEqual({ a: 'merged', b: 'merged' });
    expect(p.git('status', '--porcelain', '--untracked-files=no').trim()).toBe('');
    expect(p.git('diff', 'main', '--stat').trim()).toBe('');
  }, 60_000);

  it('a checkout with the user’s own edit on top of the old commit is theirs: held, not overwritten', async () => {
    p = makeGroveProject({ tasks: ['a', 'b'] });
    work(p, 'a');
    work(p, 'b');
    const old = p.git('rev-parse', 'main').trim();
    const tree = p.git('merge-tree', '--write-tree', 'main', 'grove/a').trim().split('\n')[0]!;
    const commit = p.git(
      'commit-tree',
      tree,
      '-p',
      old,
      '-m',
      'a: Task a\n\nGrove-Task: a\nGrove-Attempt: 1',
    );
    p.git('update-ref', 'refs/heads/main', commit.trim(), old);
    writeFileSync(join(p.root, 'README.md'), 'mine\n');
    const r = await integrate(p, ['b']);
    expect(r.report.notes.join('\n')).toMatch(/integration held/);
    expect(r.states.b).toBe('queued');
    expect(p.git('status', '--porcelain', '--untracked-files=no').split('\n').sort()).toEqual([
      '',
      ' M README.md',
      'D  a.txt',
    ]);
  }, 60_000);
});
