// Issue 17 items 4 and 5: a crash right after the base moved (SIGKILL, or SIGHUP when the terminal
// closes) and a lost grove.db never merge a task twice, never re-run an agent over merged work, and
// never leave the checkout of the base behind. The kill comes from a reference-transaction hook, the
// instant `refs/heads/main` has moved and before grove recorded anything.
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openProject } from '../../src/app/context.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { worktreeOf } from '../helpers/grove-project.js';
import { checkoutProblem, killOnBaseMove, landings, startGroveRun } from '../helpers/kill-on-base-move.js';
import { project, writeScript } from './run-helpers.js';

let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

const IDS = ['a', 'b', 'c'];
const CONFIG = 'wip: 3\ngates:\n  test: [node, -e, "0"]\n';

async function snapshot(root: string) {
  const ctx = await openProject(root);
  try {
    return Object.fromEntries(
      ctx.store
        .list()
        .map((t) => [t.id, { state: t.state, attempts: ctx.stores.attempts.listForTask(t.id).length }]),
    );
  } finally {
    ctx.close();
  }
}

function expectEachLandedOnce(project: GroveProject, from: string, ids: readonly string[]): void {
  const counts = landings(project, from);
  expect(Object.fromEntries(counts)).toEqual(Object.fromEntries(ids.map((id) => [id, 1])));
  expect(checkoutProblem(project)).toBeUndefined();
}

describe.each(['SIGKILL', 'SIGHUP'] as const)(
  'grove run killed by %s right after the base moved',
  (signal) => {
    it('the next run merges nothing twice, re-runs no agent, and the checkout matches main', async () => {
      p = project(Object.fromEntries(IDS.map((id) => [id, writeScript(id)])), CONFIG);
      const first = p.git('rev-parse', 'main').trim();
      const killer = killOnBaseMove(p);
      const run1 = startGroveRun(p.root);
      killer.arm(signal, run1.pgid);
      const end1 = await run1.exited;
      expect(killer.fired(), run1.output()).toBe(true);
      expect(p.git('rev-parse', 'main').trim()).not.toBe(first);
      const landed1 = [...landings(p, first).keys()];
      const states1 = await snapshot(p.root);

      const run2 = startGroveRun(p.root);
      const end2 = await run2.exited;
      expectEachLandedOnce(p, first, IDS);
      const states = await snapshot(p.root);
      for (const id of IDS) expect(states[id], id).toEqual({ state: 'merged', attempts: 1 });
      expect(end2.code, run2.output()).toBe(0);
      if (signal === 'SIGKILL') {
        expect(end1.signal).toBe('SIGKILL');
        expect(run2.output()).toMatch(/reconciled: task [abc] already on main at [0-9a-f]{8}/);
      } else {
        // SIGHUP is a graceful stop like Ctrl-C: the round that moved the base was recorded first.
        expect(end1.code, run1.output()).toBe(130);
        expect(run1.output()).toContain('stopped scheduling (SIGHUP)');
        for (const id of landed1) expect(states1[id]?.state, id).toBe('merged');
      }
    }, 120_000);
  },
);

describe('grove.db lost', () => {
  it('moved aside: grove run rebuilds from the task files and git, merges nothing twice, re-runs no agent', async () => {
    const ids = ['a', 'b', 'c', 'd'];
    p = project(Object.fromEntries(ids.map((id) => [id, writeScript(id)])), CONFIG);
    const first = p.git('rev-parse', 'main').trim();
    const run1 = startGroveRun(p.root, ['a', 'b']);
    expect((await run1.exited).code, run1.output()).toBe(0);
    expectEachLandedOnce(p, first, ['a', 'b']);
    // c has work on its branch that was never verified.
    expect(p.grove('spawn', 'c').code).toBe(0);
    const wt = worktreeOf(p, 'c');
    mkdirSync(join(wt, 'src/c'), { recursive: true });
    writeFileSync(join(wt, 'src/c/wip.js'), 'half done\n');
    p.git('-C', wt, 'add', '-A');
    p.git('-C', wt, 'commit', '-q', '-m', 'c: work in progress');

    const db = join(p.root, '.git', 'grove', 'grove.db');
    for (const suffix of ['', '-wal', '-shm'])
      if (existsSync(db + suffix)) renameSync(db + suffix, `${db}${suffix}.aside`);

    const run2 = startGroveRun(p.root);
    const end2 = await run2.exited;
    expectEachLandedOnce(p, first, ['a', 'b', 'd']);
    const states = await snapshot(p.root);
    // a and b are merged from their trailers with no agent run; c waits for a person; only d ran.
    expect(states).toEqual({
      a: { state: 'merged', attempts: 0 },
      b: { state: 'merged', attempts: 0 },
      c: { state: 'blocked', attempts: 0 },
      d: { state: 'merged', attempts: 1 },
    });
    expect(end2.code, run2.output()).toBe(1);
    expect(run2.output()).toContain(
      'grove.db was missing: rebuilt 4 task(s) from git and the task files: merged a, b (trailers on main); blocked c',
    );
    const ctx = await openProject(p.root);
    try {
      expect(ctx.store.stateHistory('c').at(-1)?.cause).toMatch(
        /^rebuilt from git after grove\.db was lost: review and `grove retry c`: grove\/c has 1 commit\(s\) not on main/,
      );
    } finally {
      ctx.close();
    }
    // The work on c's branch is untouched.
    expect(p.git('log', '-1', '--format=%s', 'grove/c').trim()).toBe('c: work in progress');
  }, 120_000);
});
