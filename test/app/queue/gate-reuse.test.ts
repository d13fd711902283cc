// Gate results keyed by tree (issue 22): a queue candidate whose tree already passed the same command
// is not tested again — the pass is reused and says from where; a changed tree, or a tree that failed,
// runs again. The gate appends to a counter file outside the repo, so each real run is counted.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProjectContext } from '../../../src/app/context.js';
import { openProject } from '../../../src/app/context.js';
import { enqueueTask, integrateNow } from '../../../src/app/queue/index.js';
import { runGates } from '../../../src/app/verify/verify-task.js';
import type { GroveProject } from '../../helpers/grove-project.js';
import { makeGroveProject, worktreeOf } from '../../helpers/grove-project.js';
import { walkTo } from '../../helpers/task-state.js';

let p: GroveProject | undefined;
let scratch: string | undefined;
afterEach(() => {
  p?.cleanup();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  p = scratch = undefined;
});

/** A project whose `test` gate (also the queue test) counts its runs and fails while `flag` is missing. */
function project(tasks: string[], extraConfig = ''): { counter: string; flag: string } {
  scratch = mkdtempSync(join(tmpdir(), 'grove-reuse-'));
  const counter = join(scratch, 'runs');
  const flag = join(scratch, 'ok');
  writeFileSync(flag, '');
  const command = `echo run >> ${counter}; test -f ${flag}`;
  p = makeGroveProject({ tasks, config: `gates:\n  test: ${JSON.stringify(command)}\n${extraConfig}` });
  for (const id of tasks) expect(p.grove('spawn', id).stderr).toBe('');
  return { counter, flag };
}

const runs = (counter: string): number =>
  existsSync(counter)
    ? readFileSync(counter, 'utf8')
        .split('\n')
        .filter((l) => l !== '').length
    : 0;

function commitIn(project: GroveProject, id: string): void {
  const wt = worktreeOf(project, id);
  mkdirSync(join(wt, 'src', id), { recursive: true });
  writeFileSync(join(wt, 'src', id, 'work.txt'), `${id}\n`);
  project.git('-C', wt, 'add', '-A');
  project.git('-C', wt, 'commit', '-q', '-m', `${id} work`);
}

async function verifyAndQueue(ctx: ProjectContext, id: string): Promise<'passed' | 'failed'> {
  walkTo(ctx.store, id, 'verifying', 'test: verify');
  const report = await runGates(ctx, id);
  if (report.outcome.kind !== 'passed') return 'failed';
  walkTo(ctx.store, id, 'verified', 'test: gates passed');
  enqueueTask(ctx, id, 'cli');
  return 'passed';
}

describe('gate results keyed by tree', () => {
  it('reuses the pass of verify when the queue candidate has the same tree (the base did not move)', async () => {
    const { counter } = project(['a']);
    commitIn(p!, 'a');
    const ctx = await openProject(p!.root);
    try {
      expect(await verifyAndQueue(ctx, 'a')).toBe('passed');
      expect(runs(counter)).toBe(1);
      const report = await integrateNow(ctx);
      expect(report.merged.map((m) => m.taskId)).toEqual(['a']);
      // The queue did not run the test again.
      expect(runs(counter)).toBe(1);
      const queueRun = ctx.stores.gates.listForTask('a').find((g) => g.gate === 'queue')!;
      const verifyRun = ctx.stores.gates.listForTask('a').find((g) => g.gate === 'test')!;
      expect(queueRun.ok).toBe(true);
      expect(queueRun.reused_from).toBe(verifyRun.id);
      expect(queueRun.tree_sha).toBe(verifyRun.tree_sha);
      expect(queueRun.output_tail).toContain(`reused from gate test of a`);
      expect(queueRun.output_tail).toContain(`gate run #${verifyRun.id}`);
      // The queue's history and last round say so too.
      const history = ctx.stores.queue.history(5);
      expect(history[0]!.detail).toContain('test reused from gate test of a');
      expect(ctx.stores.queue.rounds().at(-1)!.candidates[0]!.reused).toContain('gate test of a');
    } finally {
      ctx.close();
    }
    expect(p!.grove('queue').stdout).toContain('1:pass (reused from gate test of a');
  }, 60_000);

  it('runs again on a changed tree (the base moved under the second task)', async () => {
    const { counter } = project(['a', 'b']);
    commitIn(p!, 'a');
    commitIn(p!, 'b');
    const ctx = await openProject(p!.root);
    try {
      expect(await verifyAndQueue(ctx, 'a')).toBe('passed');
      expect(await verifyAndQueue(ctx, 'b')).toBe('passed');
      expect(runs(counter)).toBe(2);
      const report = await integrateNow(ctx);
      expect(report.merged.map((m) => m.taskId)).toEqual(['a', 'b']);
      // a's candidate is a's verified tree (reused); a+b is a tree nobody tested: it ran.
      const queueRuns = ['a', 'b'].map((id) =>
        ctx.stores.gates.listForTask(id).find((g) => g.gate === 'queue'),
      );
      expect(queueRuns.map((r) => r?.reused_from !== null)).toEqual([true, false]);
      expect(runs(counter)).toBe(3);
    } finally {
      ctx.close();
    }
  }, 60_000);

  it('never reuses a failure: the same tree that failed is tested again', async () => {
    const { counter, flag } = project(['a']);
    commitIn(p!, 'a');
    const ctx = await openProject(p!.root);
    try {
      rmSync(flag);
      expect(await verifyAndQueue(ctx, 'a')).toBe('failed');
      expect(runs(counter)).toBe(1);
      writeFileSync(flag, '');
      walkTo(ctx.store, 'a', 'verified', 'test: a person says it is fine');
      ctx.store.patch('a', { verified_commit: p!.git('rev-parse', 'grove/a').trim() });
      enqueueTask(ctx, 'a', 'cli');
      const report = await integrateNow(ctx);
      expect(report.merged.map((m) => m.taskId)).toEqual(['a']);
      expect(runs(counter)).toBe(2);
      const queueRun = ctx.stores.gates.listForTask('a').find((g) => g.gate === 'queue')!;
      expect(queueRun.reused_from).toBeNull();
    } finally {
      ctx.close();
    }
  }, 60_000);

  it('does not key a run on a dirty worktree by its commit’s tree', async () => {
    // Leftovers stay uncommitted, so the test gate (run anyway with `all`) sees a dirty worktree.
    const { counter } = project(['a'], 'commit_leftovers: false\n');
    commitIn(p!, 'a');
    const ctx = await openProject(p!.root);
    try {
      walkTo(ctx.store, 'a', 'verifying', 'test: verify');
      writeFileSync(join(worktreeOf(p!, 'a'), 'src', 'a', 'work.txt'), 'changed, not committed\n');
      await runGates(ctx, 'a', { all: true });
      expect(runs(counter)).toBe(1);
      const verifyRun = ctx.stores.gates.listForTask('a').find((g) => g.gate === 'test')!;
      expect(verifyRun.tree_sha).toBeNull();
    } finally {
      ctx.close();
    }
  }, 60_000);
});
