// Issue 17 (low): empty task work merged as an empty squash commit. Work that changes nothing on top of
// the base never lands: the `committed` gate fails on a branch with no change, and the queue refuses to
// write a commit that changes nothing (a task verified before its change reached the base another way).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openProject } from '../../src/app/context.js';
import { enqueueTask, integrateNow } from '../../src/app/queue/index.js';
import { runGates } from '../../src/app/verify/verify-task.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { worktreeOf } from '../helpers/grove-project.js';
import { walkTo } from '../helpers/task-state.js';
import { project, scriptedTask, writeScript } from './run-helpers.js';

let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

const CONFIG = 'gates:\n  test: [node, -e, "0"]\nfix: { max_iterations: 0 }\n';

/** Commits nothing but an empty commit, and says it is done. */
const EMPTY = [
  'steps:',
  "  - run: [git, commit, -q, --allow-empty, -m, 'a: nothing really']",
  "  - result: { status: completed, summary: 'done' }",
  '',
].join('\n');

describe('empty task work never lands', () => {
  it('an agent that commits nothing but an empty commit fails the committed gate; main does not move', async () => {
    p = project({ a: EMPTY }, CONFIG);
    const mainBefore = p.git('rev-parse', 'main').trim();
    const run = p.grove('run', '--no-dashboard');
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(p.git('rev-parse', 'main').trim()).toBe(mainBefore);
    const ctx = await openProject(p.root);
    try {
      expect(ctx.store.require('a').state).not.toBe('merged');
      const last = ctx.stores.gates.listForTask('a').at(-1);
      expect(last?.gate).toBe('committed');
      expect(last?.output_tail).toContain('has no changes against main: nothing to land');
    } finally {
      ctx.close();
    }
  }, 60_000);

  for (const method of ['squash', 'merge', 'rebase'] as const) {
    it(`${method}: a verified task whose change is already on the base leaves the queue, no empty commit`, async () => {
      const shared = (id: string): string =>
        scriptedTask(id).replace(`["src/${id}/**"]`, '["src/shared/**"]');
      p = project({ a: writeScript('a'), b: writeScript('b') }, `${CONFIG}queue: { method: ${method} }\n`, {
        a: shared('a'),
        b: shared('b'),
      });
      for (const id of ['a', 'b']) expect(p.grove('spawn', id).code).toBe(0);
      // a and b make the very same change, so once a lands, b adds nothing.
      for (const id of ['a', 'b']) {
        const wt = worktreeOf(p, id);
        mkdirSync(join(wt, 'src/shared'), { recursive: true });
        writeFileSync(join(wt, 'src/shared/same.txt'), 'same\n');
        p.git('-C', wt, 'add', '-A');
        p.git('-C', wt, 'commit', '-q', '-m', `${id}: same change`);
      }
      const ctx = await openProject(p.root);
      try {
        for (const id of ['a', 'b']) {
          walkTo(ctx.store, id, 'verifying', 'test: the agent finished');
          expect((await runGates(ctx, id)).outcome.kind).toBe('passed');
          walkTo(ctx.store, id, 'verified', 'test: gates passed');
          enqueueTask(ctx, id, 'cli');
        }
        const mainBefore = p.git('rev-parse', 'main').trim();
        let merged: string[] = [];
        for (let round = 0; round < 4; round++) {
          merged = [...merged, ...(await integrateNow(ctx)).merged.map((m) => m.taskId)];
          if (!['queued', 'integrating'].includes(ctx.store.require('b').state)) break;
        }
        expect(merged).toEqual(['a']);
        expect(ctx.store.require('b').state).toBe('blocked');
        expect(ctx.store.stateHistory('b').at(-1)?.cause).toContain(
          'nothing to land: grove/b changes nothing',
        );
        // Every commit main gained changes something.
        const landed = p.git('rev-list', `${mainBefore}..main`).trim().split('\n');
        for (const c of landed) expect(p.git('diff', '--name-only', `${c}^1`, c).trim()).not.toBe('');
      } finally {
        ctx.close();
      }
    }, 60_000);
  }
});
