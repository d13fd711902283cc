// `queue.window: auto` on real git: the window starts from the machine, grows on passes, shrinks after
// failures, and every round says why; integrity as ever (main only takes tested candidates).
import { availableParallelism } from 'node:os';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openProject } from '../../src/app/context.js';
import type { QueueFailure } from '../../src/app/queue/index.js';
import { enqueueTask, integrateNow } from '../../src/app/queue/index.js';
import { hardCap } from '../../src/core/queue/index.js';
import { QueueStore } from '../../src/infra/db/queue-store.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { makeGroveProject, worktreeOf } from '../helpers/grove-project.js';
import { walkTo } from '../helpers/task-state.js';

let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

/** Spawns the tasks, commits `files(id)` in each worktree, marks them verified and queues them in order. */
async function queued(ids: string[], config: string, files: (id: string) => Record<string, string>) {
  const project = makeGroveProject({ tasks: ids, config });
  for (const id of ids) {
    expect(project.grove('spawn', id).stderr).toBe('');
    const wt = worktreeOf(project, id);
    for (const [f, c] of Object.entries(files(id))) writeFileSync(join(wt, f), c);
    project.git('-C', wt, 'add', '-A');
    project.git('-C', wt, 'commit', '-q', '-m', `${id} work`);
  }
  const ctx = await openProject(project.root);
  try {
    for (const id of ids) {
      walkTo(ctx.store, id, 'verified', 'test: gates passed');
      enqueueTask(ctx, id, 'cli');
    }
  } finally {
    ctx.close();
  }
  return project;
}

async function integrate(project: GroveProject) {
  const ctx = await openProject(project.root);
  const culprits: Array<{ taskId: string; failure: QueueFailure }> = [];
  try {
    const report = await integrateNow(ctx, {
      hooks: {
        onMerged: () => undefined,
        onCulprit: (taskId, failure) => culprits.push({ taskId, failure }),
      },
    });
    return { report, culprits, rounds: new QueueStore(ctx.db).rounds() };
  } finally {
    ctx.close();
  }
}

function mainOnlyTookPasses(project: GroveProject, rounds: Awaited<ReturnType<typeof integrate>>['rounds']) {
  const first = project.git('rev-list', '--max-parents=0', 'main').trim();
  const passed = new Set(
    rounds.flatMap((r) => r.candidates.filter((c) => c.outcome === 'pass').map((c) => c.commit)),
  );
  const values = project.git('reflog', 'show', '--format=%H', 'refs/heads/main').trim().split('\n');
  for (const v of values) expect(v === first || passed.has(v), `main took ${v}`).toBe(true);
}

describe('queue.window auto', () => {
  it('shrinks the window as culprits pile up, and says why each round', async () => {
    const bad = ['a', 'b', 'c', 'd', 'e'];
    p = await queued(
      [...bad, 'f'],
      `gates:\n  test: "test -z \\"$(ls | grep '^bad-')\\""\nqueue: {parallel: 4}\n`,
      (id) => ({ [`${id}.txt`]: `${id}\n`, ...(bad.includes(id) ? { [`bad-${id}.txt`]: 'breaks\n' } : {}) }),
    );
    const { report, culprits, rounds } = await integrate(p);

    expect(culprits.map((c) => [c.taskId, c.failure.kind])).toEqual(bad.map((id) => [id, 'test-failed']));
    expect(report.merged.map((m) => m.taskId)).toEqual(['f']);
    mainOnlyTookPasses(p, rounds);
    // Failure rate (with its prior of 1 in 10): 0/0 → 14 (capped at 4), 1/1 → 5, 2/2 → 4, 3/3 → 3,
    // 4/4 → 3, 5/5 → 2: one more candidate is worth it while it is useful one time in four.
    expect(rounds.map((r) => r.window)).toEqual([4, 4, 4, 3, 3, 2]);
    expect(report.windows[0]).toBe('round 1: window 4 (max 4): queue.parallel 4, no queue results yet');
    expect(report.windows[5]).toBe('round 6: window 2 (max 4): queue.parallel 4, 5 of last 5 failed');
  });

  it('with the defaults starts at 2 × cores, grows once a run is measured, and grove queue says why', async () => {
    const cores = availableParallelism();
    const first = Math.min(hardCap(cores), 2 * cores);
    const ids = Array.from({ length: first + 2 }, (_, i) => `t${i}`);
    p = await queued(ids, `gates:\n  test: "sleep 0.2"\n`, (id) => ({ [`${id}.txt`]: `${id}\n` }));
    const { report, culprits, rounds } = await integrate(p);

    expect(culprits).toEqual([]);
    expect(report.merged.map((m) => m.taskId)).toEqual(ids);
    mainOnlyTookPasses(p, rounds);
    expect(rounds.map((r) => r.window)[0]).toBe(first);
    expect(report.windows[0]).toBe(
      `round 1: window ${first} (max ${first}): ${cores} cores, nothing measured yet: 2 × cores, no queue results yet`,
    );
    // A sleeping test leaves the cores idle: the machine can test more at once, and the window grew.
    expect(rounds[1]!.window).toBeGreaterThan(first);
    const busy = process.platform === 'linux' ? /a run keeps [0-9.]+ of a core busy/ : /at once ran/;
    expect(report.windows[1]).toMatch(busy);
    expect(report.windows[1]).toContain(`0 of last ${first} failed`);
    const queue = p.grove('queue');
    expect(queue.stdout.split('\n')[0]).toMatch(
      new RegExp(
        `^window \\d+ \\(max \\d+\\): ${cores} cores, test ≈ 0\\.\\d s, .*0 of last ${ids.length} failed · method squash$`,
      ),
    );
  });
});
