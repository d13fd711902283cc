// Issue 18, plan approval: with `review.plan: required` no task starts until the lead approves the plan
// (`grove plan --approve`, or the dashboard's `approve-plan`); the approval records every spec's hash,
// and a spec changed or added later waits for the next one while the other tasks go on. Real git, the
// real scripted agent through `grove run`, the real queue, a real dashboard process.
import { afterEach, describe, expect, it } from 'vitest';
import { openStateDb, storesFor } from '../../src/app/context.js';
import { findProjectPaths } from '../../src/app/project-paths.js';
import { ActionResultSchema } from '../../src/shared/api.js';
import { startDashboardProcess } from '../helpers/dashboard-process.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { waitFor } from '../helpers/wait.js';
import { project, scriptedTask, writeScript } from './run-helpers.js';

let p: GroveProject | undefined;
afterEach(() => {
  p?.grove('down');
  p?.cleanup();
});

const CONFIG = 'gates:\n  test: [node, -e, "0"]\nreview: { plan: required }\n';

interface Facts {
  states: Record<string, string>;
  attempts: number;
  approvals: Array<{ by: string; specs: string[] }>;
}

/** Task states, attempts started and the latest approval, read from the state database. */
async function facts(root: string): Promise<Facts> {
  const db = openStateDb(await findProjectPaths(root));
  try {
    const stores = storesFor(db);
    const latest = stores.planApprovals.latest();
    return {
      states: Object.fromEntries(stores.tasks.list().map((t) => [t.id, t.state])),
      attempts: stores.tasks.list().reduce((n, t) => n + stores.attempts.listForTask(t.id).length, 0),
      approvals: latest ? [{ by: latest.by, specs: [...latest.specs.keys()].sort() }] : [],
    };
  } finally {
    db.close();
  }
}

function mainFiles(g: GroveProject): string[] {
  return g
    .git('ls-tree', '-r', '--name-only', 'main')
    .split('\n')
    .filter((f) => f.startsWith('src/'));
}

function twoTasks(): GroveProject {
  return project({ a: writeScript('a'), b: writeScript('b') }, CONFIG);
}

describe('plan approval (review.plan: required)', () => {
  it('grove run starts nothing before the plan is approved and says why; approved, it merges', async () => {
    p = twoTasks();
    const run = p.grove('run', '--no-dashboard');
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.code).toBe(1); // tasks need a person
    const out = run.stdout + run.stderr;
    for (const id of ['a', 'b']) {
      // Told once, naming the file, and listed at the end with the command to run.
      const wait = `${id} waits for plan approval: its spec .grove/tasks/${id}.md is not approved yet`;
      expect(out.split(`[waiting] ${wait}`)).toHaveLength(2);
      expect(out).toContain(
        `  ${id}  ready: ${wait}\n    → grove plan (to see what it says), then grove plan --approve`,
      );
    }
    expect(await facts(p.root)).toEqual({ states: { a: 'ready', b: 'ready' }, attempts: 0, approvals: [] });
    expect(mainFiles(p)).toEqual([]);

    const status = p.grove('status');
    expect(status.stdout).toContain(
      'the plan waits for your approval: 2 task specs not approved (.grove/tasks/a.md is new; .grove/tasks/b.md is new)',
    );
    const plan = p.grove('plan');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/^ {2}a {2}Task a {2}\[new: not approved\]$/m);
    expect(plan.stdout).toContain('  Approve with: grove plan --approve');
    const spawn = p.grove('spawn', 'a');
    expect(spawn.code).toBe(10);
    expect(spawn.stderr).toContain(
      'a waits for plan approval: its spec .grove/tasks/a.md is not approved yet',
    );
    expect(p.grove('spawn').stdout).toContain('grove spawn: no ready task with an approved spec');
    expect(p.git('branch', '--list', 'grove/*').trim()).toBe('');

    const approve = p.grove('plan', '--approve');
    expect(approve.stderr).toBe('');
    expect(approve.code).toBe(0);
    expect(approve.stdout).toContain(
      'plan approved: 2 task specs (.grove/tasks/a.md is new; .grove/tasks/b.md is new)',
    );
    expect(approve.stdout).toMatch(/^ {2}b {2}Task b {2}\[approved\]$/m);
    expect((await facts(p.root)).approvals).toEqual([{ by: 'cli', specs: ['a', 'b'] }]);
    expect(p.grove('status').stdout).not.toContain('the plan waits for your approval');

    // The same plan again: said so, nothing recorded, exit 0.
    const again = p.grove('plan', '--approve', '--json');
    expect(again.code).toBe(0);
    const json = JSON.parse(again.stdout) as {
      approval: { approved: boolean; tasks: Array<{ id: string; status: string }>; command: string | null };
      approved: { ok: boolean; recorded: boolean; message: string };
    };
    expect(json.approved).toMatchObject({ ok: true, recorded: false });
    expect(json.approved.message).toContain('the plan is already approved as it is');
    expect(json.approval).toMatchObject({ approved: true, command: null });
    expect(json.approval.tasks.map((t) => t.status)).toEqual(['approved', 'approved']);

    const landed = p.grove('run', '--no-dashboard');
    expect(landed.code).toBe(0);
    expect((await facts(p.root)).states).toEqual({ a: 'merged', b: 'merged' });
    expect(mainFiles(p)).toEqual(['src/a/index.js', 'src/b/index.js']);
  }, 120_000);

  it('a spec edited (or added) after the approval puts just that task back, naming its file; the other merges', async () => {
    p = twoTasks();
    expect(p.grove('plan', '--approve').code).toBe(0);
    p.commit('edit b, add c', {
      '.grove/tasks/b.md': scriptedTask('b').replace('Do b.', 'Do b, and more.'),
      '.grove/tasks/c.md': scriptedTask('c'),
      '.grove/scripts/c.yaml': writeScript('c'),
    });

    // grove spawn gives a worktree to the approved task only.
    const spawned = p.grove('spawn', '--json');
    expect(spawned.code).toBe(0);
    expect(
      (JSON.parse(spawned.stdout) as Array<{ workspace: { taskId: string } }>).map((o) => o.workspace.taskId),
    ).toEqual(['a']);

    const run = p.grove('run', '--no-dashboard');
    expect(run.code).toBe(1);
    const out = run.stdout + run.stderr;
    expect(out).toContain(
      '[waiting] b waits for plan approval: its spec .grove/tasks/b.md changed since the plan was approved',
    );
    expect(out).toContain(
      '[waiting] c waits for plan approval: its spec .grove/tasks/c.md is not approved yet',
    );
    expect(out).toMatch(
      / {2}b {2}ready: .*\n {4}→ grove plan \(to see what it says\), then grove plan --approve/,
    );
    expect((await facts(p.root)).states).toEqual({ a: 'merged', b: 'ready', c: 'ready' });
    expect(mainFiles(p)).toEqual(['src/a/index.js']);

    const plan = p.grove('plan', '--json');
    const tasks = (JSON.parse(plan.stdout) as { approval: { tasks: Array<{ id: string; status: string }> } })
      .approval.tasks;
    expect(tasks.map((t) => [t.id, t.status])).toEqual([
      ['a', 'approved'],
      ['b', 'changed'],
      ['c', 'new'],
    ]);
    expect(p.grove('plan').stdout).toMatch(/^ {2}b {2}Task b {2}\[changed since approval\]$/m);

    const approve = p.grove('plan', '--approve');
    expect(approve.code).toBe(0);
    expect(approve.stdout).toContain(
      'plan approved: 3 task specs (.grove/tasks/b.md changed since the approval; .grove/tasks/c.md is new)',
    );
    expect(p.grove('events', 'b', '--type', 'plan-approval').stdout).toMatch(
      /spec \.grove\/tasks\/b\.md approved by cli\n.*spec \.grove\/tasks\/b\.md approved by cli \(changed since the approval before\)\n$/,
    );
    expect(p.grove('run', '--no-dashboard').code).toBe(0);
    expect((await facts(p.root)).states).toEqual({ a: 'merged', b: 'merged', c: 'merged' });
  }, 120_000);

  it('grove up holds every task until the plan is approved, then the running daemon starts them', async () => {
    p = twoTasks();
    const up = p.grove('up', '--no-dashboard');
    expect(up.code).toBe(0);
    const root = p.root;
    // The daemon tells the lead why (a `waiting` notification each), and starts nothing.
    const told = await waitFor(
      async () => {
        const db = openStateDb(await findProjectPaths(root));
        try {
          const told = storesFor(db)
            .notifications.list()
            .filter((n) => n.kind === 'waiting')
            .map((n) => n.message);
          return told.length === 2 ? told : undefined;
        } finally {
          db.close();
        }
      },
      { what: 'the daemon to say both tasks wait for plan approval', timeoutMs: 20_000 },
    );
    expect([...told].sort()).toEqual([
      'a waits for plan approval: its spec .grove/tasks/a.md is not approved yet',
      'b waits for plan approval: its spec .grove/tasks/b.md is not approved yet',
    ]);
    expect(await facts(root)).toMatchObject({ states: { a: 'ready', b: 'ready' }, attempts: 0 });
    const approve = p.grove('plan', '--approve');
    expect(approve.code).toBe(0);
    expect(approve.stdout).toMatch(/the running scheduler \(grove up, pid \d+\) carries on/);
    await waitFor(
      async () => {
        const { states } = await facts(root);
        return states['a'] === 'merged' && states['b'] === 'merged' ? states : undefined;
      },
      { what: 'the daemon to merge both once the plan is approved', timeoutMs: 60_000 },
    );
  }, 120_000);

  it('the dashboard approves the plan through the same command (by: dashboard), and refuses a plan that does not load', async () => {
    p = twoTasks();
    const dashboard = await startDashboardProcess(p.root);
    try {
      const token = new URL(dashboard.url).searchParams.get('token') ?? '';
      const post = async (): Promise<{
        status: number;
        body: ReturnType<typeof ActionResultSchema.parse>;
      }> => {
        const res = await fetch(`${dashboard.origin}/api/actions`, {
          method: 'POST',
          headers: { 'x-grove-token': token, 'content-type': 'application/json' },
          body: JSON.stringify({ kind: 'approve-plan' }),
        });
        return { status: res.status, body: ActionResultSchema.parse(await res.json()) };
      };
      // A spec that does not load (no title): nothing approved, the CLI's code for it.
      p.write({ '.grove/tasks/b.md': '---\nid: b\nowns: ["src/b/**"]\n---\nDo b.\n' });
      const bad = await post();
      expect(bad.status).toBe(409);
      expect(bad.body).toMatchObject({ kind: 'refused', code: 'TASK_INVALID' });
      expect(bad.body.message).toContain('the plan was not approved: 1 problem');
      expect(bad.body.message).toContain('.grove/tasks/b.md');
      expect((await facts(p.root)).approvals).toEqual([]);

      p.write({ '.grove/tasks/b.md': scriptedTask('b') });
      const ok = await post();
      expect(ok).toMatchObject({ status: 200, body: { kind: 'done' } });
      expect(ok.body.message).toContain('plan approved: 2 task specs');
      expect((await facts(p.root)).approvals).toEqual([{ by: 'dashboard', specs: ['a', 'b'] }]);
      const again = await post();
      expect(again.body).toMatchObject({ kind: 'done' });
      expect(again.body.message).toContain(
        'the plan is already approved as it is (2 task specs, by dashboard)',
      );
    } finally {
      await dashboard.stop();
    }
    expect(p.grove('run', '--no-dashboard').code).toBe(0);
    expect((await facts(p.root)).states).toEqual({ a: 'merged', b: 'merged' });
  }, 120_000);

  it('grove plan --approve on a plan that does not load or has a cycle approves nothing, exiting as grove plan does', async () => {
    p = twoTasks();
    const cases: Array<{ what: string; files: Record<string, string>; says: string }> = [
      {
        what: 'a spec that does not load',
        files: { '.grove/tasks/b.md': '---\nid: b\ntitle: Task b\nowns: []\n---\nDo b.\n' },
        says: '.grove/tasks/b.md',
      },
      {
        what: 'a dependency cycle',
        files: {
          '.grove/tasks/a.md': scriptedTask('a', 'depends_on: [b]\n'),
          '.grove/tasks/b.md': scriptedTask('b', 'depends_on: [a]\n'),
        },
        says: 'cycle',
      },
    ];
    for (const c of cases) {
      p.write(c.files);
      const plan = p.grove('plan');
      const approve = p.grove('plan', '--approve');
      expect({ what: c.what, code: approve.code }).toEqual({ what: c.what, code: plan.code });
      expect(approve.code).toBe(3);
      expect(approve.stdout).toContain(c.says);
      expect(approve.stdout).toContain('Nothing was approved.');
      const json = JSON.parse(p.grove('plan', '--approve', '--json').stdout) as {
        ok: boolean;
        approved: unknown;
      };
      expect(json).toMatchObject({ ok: false, approved: null });
      expect((await facts(p.root)).approvals).toEqual([]);
      p.write({ '.grove/tasks/a.md': scriptedTask('a'), '.grove/tasks/b.md': scriptedTask('b') });
    }
    expect(p.grove('plan', '--approve').code).toBe(0);
  }, 120_000);
});
