import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openProject } from '../../src/app/context.js';
import type { QueueFailure } from '../../src/app/queue/index.js';
import { enqueueTask, integrateNow } from '../../src/app/queue/index.js';
import { QueueStore } from '../../src/infra/db/queue-store.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { makeGroveProject, worktreeOf } from '../helpers/grove-project.js';
import { walkTo } from '../helpers/task-state.js';

let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

function setup(tasks: string[], config: string, files: Record<string, string> = {}): GroveProject {
  const project = makeGroveProject({ tasks, config, files: { 'shared.txt': 'one\ntwo\n', ...files } });
  for (const id of tasks) {
    const r = project.grove('spawn', id);
    expect(r.stderr).toBe('');
  }
  return project;
}

function commitIn(project: GroveProject, id: string, files: Record<string, string>): void {
  const wt = worktreeOf(project, id);
  for (const [f, c] of Object.entries(files)) writeFileSync(join(wt, f), c);
  project.git('-C', wt, 'add', '-A');
  project.git('-C', wt, 'commit', '-q', '-m', `${id} work`);
}

/** Marks tasks verified (as the gates would) and queues them in this order. */
async function queueAll(project: GroveProject, ids: string[]): Promise<void> {
  const ctx = await openProject(project.root);
  try {
    for (const id of ids) {
      walkTo(ctx.store, id, 'verified', 'test: gates passed');
      enqueueTask(ctx, id, 'cli');
    }
  } finally {
    ctx.close();
  }
}

async function integrate(project: GroveProject, withHooks = false) {
  const ctx = await openProject(project.root);
  const culprits: Array<{ taskId: string; failure: QueueFailure }> = [];
  try {
    const report = await integrateNow(
      ctx,
      withHooks
        ? {
            hooks: {
              onMerged: () => undefined,
              onCulprit: (taskId, failure) => culprits.push({ taskId, failure }),
            },
          }
        : {},
    );
    const states = Object.fromEntries(ctx.store.list().map((t) => [t.id, t.state]));
    const rounds = new QueueStore(ctx.db).rounds();
    return { report, states, rounds, culprits };
  } finally {
    ctx.close();
  }
}

/** Every value main took (reflog) is its first commit, someone else's commit, or a candidate that passed. */
function assertMainOnlyTested(
  project: GroveProject,
  rounds: Awaited<ReturnType<typeof integrate>>['rounds'],
  allowed: string[],
): void {
  const values = project.git('reflog', 'show', '--format=%H', 'refs/heads/main').trim().split('\n');
  const passed = new Set(
    rounds.flatMap((r) => r.candidates.filter((c) => c.outcome === 'pass').map((c) => c.commit)),
  );
  for (const v of values) expect(passed.has(v) || allowed.includes(v)).toBe(true);
}

const TEST_GATE = `gates:\n  test: "test ! -e bad.txt"\nqueue: {window: 3, parallel: 3}\n`;

describe('the merge queue', () => {
  it('merges 3 tasks in order as squash commits, rejects a failing middle task, fast-forwards the clean checkout', async () => {
    p = setup(['a', 'b', 'c', 'd'], TEST_GATE);
    const first = p.git('rev-parse', 'main').trim();
    commitIn(p, 'a', { 'a.txt': 'a\n' });
    commitIn(p, 'b', { 'b.txt': 'b\n', 'bad.txt': 'breaks the build once integrated\n' });
    commitIn(p, 'c', { 'c.txt': 'c\n' });
    commitIn(p, 'd', { 'd.txt': 'd\n' });
    await queueAll(p, ['a', 'b', 'c', 'd']);
    const { report, states, rounds } = await integrate(p);

    expect(report.merged.map((m) => m.taskId)).toEqual(['a', 'c', 'd']);
    expect(report.culprits.map((c) => [c.taskId, c.failure.kind])).toEqual([['b', 'test-failed']]);
    expect(states).toMatchObject({ a: 'merged', b: 'blocked', c: 'merged', d: 'merged' });
    const log = p.git('log', '--format=%s', `${first}..main`).trim().split('\n').reverse();
    expect(log).toEqual(['a: Task a', 'c: Task c', 'd: Task d']);
    expect(p.git('rev-list', '--count', `${first}..main`).trim()).toBe('3');
    assertMainOnlyTested(p, rounds, [first]);
    // The clean checkout of main came along.
    expect(readFileSync(join(p.root, 'd.txt'), 'utf8')).toBe('d\n');
    expect(p.git('status', '--porcelain').trim()).toBe('');
    expect(report.checkout).toMatchObject({ kind: 'fast-forwarded' });
  });

  it('sends a conflict to onCulprit with its files; the clean checkout follows', async () => {
    p = setup(['a', 'b'], TEST_GATE);
    const first = p.git('rev-parse', 'main').trim();
    commitIn(p, 'a', { 'shared.txt': 'ONE-A\ntwo\n' });
    commitIn(p, 'b', { 'shared.txt': 'ONE-B\ntwo\n' });
    await queueAll(p, ['a', 'b']);
    const { report, states, rounds, culprits } = await integrate(p, true);

    expect(report.merged.map((m) => m.taskId)).toEqual(['a']);
    expect(culprits).toEqual([
      { taskId: 'b', failure: { kind: 'conflict', files: ['shared.txt'], base: 'main' } },
    ]);
    expect(states).toMatchObject({ a: 'merged', b: 'integrating' });
    assertMainOnlyTested(p, rounds, [first]);
    // A dirty checkout now holds the queue (test/e2e/integrity-checkout.test.ts); a clean one follows.
    expect(report.checkout).toMatchObject({ kind: 'fast-forwarded' });
    expect(readFileSync(join(p.root, 'shared.txt'), 'utf8')).toBe('ONE-A\ntwo\n');
    expect(p.git('status', '--porcelain').trim()).toBe('');
  });

  it('rebuilds when someone else moves main during a round (CAS), and blocks a task whose branch is gone', async () => {
    const marker = 'moved.marker';
    p = setup(
      ['a', 'gone'],
      `gates:\n  test: "if [ ! -e ../../../../${marker} ]; then touch ../../../../${marker}; git -C ../../../.. commit -q --allow-empty -m elsewhere; fi"\n`,
    );
    const first = p.git('rev-parse', 'main').trim();
    commitIn(p, 'a', { 'a.txt': 'a\n' });
    await queueAll(p, ['a', 'gone']);
    p.git('worktree', 'remove', '--force', worktreeOf(p, 'gone'));
    p.git('branch', '-D', 'grove/gone');
    const { report, states, rounds } = await integrate(p);

    expect(existsSync(join(p.root, marker))).toBe(true);
    expect(report.notes.some((n) => /main moved to .* during the round/.test(n))).toBe(true);
    expect(report.notes.some((n) => /grove\/gone does not exist/.test(n))).toBe(true);
    expect(states).toMatchObject({ a: 'merged', gone: 'blocked' });
    const someoneElse = p.git('log', '--format=%H', '--grep=elsewhere', 'main').trim();
    expect(someoneElse).not.toBe('');
    expect(p.git('log', '-1', '--format=%s', 'main').trim()).toBe('a: Task a');
    assertMainOnlyTested(p, rounds, [first, someoneElse]);
  });

  it('grove integrate queues the verified tasks and merges them; grove queue shows the history', async () => {
    p = setup(['a', 'b'], 'queue: {test: "test -e a.txt"}\n');
    commitIn(p, 'a', { 'a.txt': 'a\n' });
    commitIn(p, 'b', { 'b.txt': 'b\n' });
    const ctx = await openProject(p.root);
    try {
      for (const id of ['a', 'b']) walkTo(ctx.store, id, 'verified', 'test: gates passed');
    } finally {
      ctx.close();
    }
    const r = p.grove('integrate', '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { merged: Array<{ taskId: string }>; culprits: unknown[] };
    expect(report.merged.map((m) => m.taskId)).toEqual(['a', 'b']);
    expect(report.culprits).toEqual([]);
    const q = p.grove('queue');
    expect(q.code).toBe(0);
    expect(q.stdout).toMatch(/nothing waiting/);
    expect(q.stdout).toMatch(/b\s+merged\s+[0-9a-f]{8}/);
    const again = p.grove('integrate');
    expect(again.stdout).toContain('nothing to integrate');
    expect(p.grove('integrate', 'zz').stderr).toContain('no task "zz"');
  });
});
