// Issue 17 item 6: an agent moves the base itself. grove records the tip it last wrote; a base that lost
// grove's commits, or that an agent moved to its own work, stops integration and tells the lead; commits
// someone adds on top are accepted and said.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProjectContext } from '../../src/app/context.js';
import { openProject } from '../../src/app/context.js';
import { enqueueTask, integrateNow } from '../../src/app/queue/index.js';
import { runGates } from '../../src/app/verify/verify-task.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { worktreeOf } from '../helpers/grove-project.js';
import { walkTo } from '../helpers/task-state.js';
import { project, writeScript } from './run-helpers.js';

let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

const CONFIG = 'gates:\n  test: [node, -e, "0"]\n';

function commitIn(g: GroveProject, id: string, file: string): string {
  const wt = worktreeOf(g, id);
  mkdirSync(join(wt, dirname(file)), { recursive: true });
  writeFileSync(join(wt, file), `${file}\n`);
  g.git('-C', wt, 'add', '-A');
  g.git('-C', wt, 'commit', '-q', '-m', file);
  return g.git('-C', wt, 'rev-parse', 'HEAD').trim();
}

/** The task's gates pass for real on its worktree, then it joins the queue. */
async function verifyAndQueue(ctx: ProjectContext, id: string): Promise<void> {
  walkTo(ctx.store, id, 'verifying', 'test: the agent finished');
  expect((await runGates(ctx, id)).outcome.kind).toBe('passed');
  walkTo(ctx.store, id, 'verified', 'test: gates passed');
  enqueueTask(ctx, id, 'cli');
}

async function setUp(): Promise<{ g: GroveProject; ctx: ProjectContext; afterA: string }> {
  const g = project({ a: writeScript('a'), b: writeScript('b') }, CONFIG);
  p = g;
  for (const id of ['a', 'b']) expect(g.grove('spawn', id).code).toBe(0);
  commitIn(g, 'a', 'src/a/work.txt');
  commitIn(g, 'b', 'src/b/work.txt');
  const ctx = await openProject(g.root);
  await verifyAndQueue(ctx, 'a');
  expect((await integrateNow(ctx)).merged.map((m) => m.taskId)).toEqual(['a']);
  return { g, ctx, afterA: g.git('rev-parse', 'main').trim() };
}

describe('the base moved by someone other than the merge queue', () => {
  it('an agent resets the base to its own HEAD (dropping a merged task): integration stops until it is put back', async () => {
    const { g, ctx, afterA } = await setUp();
    try {
      // b's agent, from its worktree (based on main before a merged).
      // (verified first: once main is its HEAD, its branch has nothing left to land)
      await verifyAndQueue(ctx, 'b');
      const wt = worktreeOf(g, 'b');
      g.git('-C', wt, 'update-ref', 'refs/heads/main', 'HEAD');

      const held = await integrateNow(ctx);
      expect(held.merged).toEqual([]);
      expect(held.notes.join('\n')).toContain('integration stopped: main moved from');
      expect(held.notes.join('\n')).toContain(`git update-ref refs/heads/main ${afterA}`);
      expect(ctx.store.require('b').state).toBe('queued');
      expect(ctx.store.require('a').state).toBe('merged');
      const said = ctx.stores.journal.query({ types: ['base'], last: 1 })[0];
      expect(said?.type === 'base' && said.data.phase).toBe('held');
      expect(
        ctx.stores.notifications
          .list()
          .map((n) => n.message)
          .join('\n'),
      ).toContain('integration stopped');

      const status = g.grove('status');
      expect(status.stdout + status.stderr).toContain('integration stopped: main moved from');

      g.git('update-ref', 'refs/heads/main', afterA);
      const resumed = await integrateNow(ctx);
      expect(resumed.merged.map((m) => m.taskId)).toEqual(['b']);
      expect(g.git('ls-tree', '-r', '--name-only', 'main')).toContain('src/a/work.txt');
      expect(g.git('ls-tree', '-r', '--name-only', 'main')).toContain('src/b/work.txt');
    } finally {
      ctx.close();
    }
  }, 60_000);

  it('an agent fast-forwards the base to its own unverified work: stopped; the lead can accept it', async () => {
    const { g, ctx } = await setUp();
    try {
      const wt = worktreeOf(g, 'b');
      g.git('-C', wt, 'rebase', '-q', 'main');
      await verifyAndQueue(ctx, 'b');
      commitIn(g, 'b', 'src/b/unverified.txt');
      g.git('-C', wt, 'update-ref', 'refs/heads/main', 'HEAD');

      const held = await integrateNow(ctx);
      expect(held.merged).toEqual([]);
      expect(held.notes.join('\n')).toContain(
        'a commit of grove/b: an agent moved the base to its own, unverified work',
      );

      ctx.close();
      const accepted = g.grove('integrate', '--accept-base');
      expect(accepted.stderr).toContain('the lead accepted main at');
      const again = await openProject(g.root);
      try {
        const last = again.stores.journal.query({ types: ['base'], last: 1 })[0];
        expect(last?.type === 'base' && last.data.phase === 'accepted' && last.data.how).toBe('lead');
      } finally {
        again.close();
      }
    } finally {
      ctx.close();
    }
  }, 60_000);

  it('commits the user adds on top of the base are accepted, said once, and the queue builds on them', async () => {
    const { g, ctx, afterA } = await setUp();
    try {
      writeFileSync(join(g.root, 'NOTES.md'), 'mine\n');
      g.git('add', 'NOTES.md');
      g.git('commit', '-q', '-m', 'my own commit');
      await verifyAndQueue(ctx, 'b');
      const r = await integrateNow(ctx);
      expect(r.merged.map((m) => m.taskId)).toEqual(['b']);
      expect(g.git('rev-parse', 'main~1').trim()).not.toBe(afterA);
      expect(g.git('log', '--format=%s', 'main', '-3')).toContain('my own commit');
      const events = ctx.stores.journal.query({ types: ['base'] });
      expect(events.map((e) => (e.type === 'base' ? e.data.phase : ''))).toEqual(['accepted']);
    } finally {
      ctx.close();
    }
  }, 60_000);
});
