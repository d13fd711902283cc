// Issue 24: spend caps beyond one task's tokens. A real `grove run` of the scripted agent with a cycle
// cap in dollars: the first tasks' cost reaches it, the later tasks do not start, the lead hears once
// (ntfy and the webhook, on a local HTTP receiver), and `grove status` says why and how to raise it —
// counting a cost it cannot know as "at least", never as $0. Role budgets (the method's "frontend
// agents 180k tokens, backend 280k", scaled down) pause the frontend task and not the backend one; a
// per-task dollar budget pauses a task whose usage is priced as it runs.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openProject } from '../../src/app/context.js';
import { startDashboard } from '../../src/app/dashboard/start.js';
import { cycleReportInput } from '../../src/app/report/cycle-report.js';
import { statusNotices } from '../../src/app/workspace/status.js';
import { resumeTask } from '../../src/app/task-commands/index.js';
import { buildCycleReport, renderReportMarkdown } from '../../src/core/report/index.js';
import { BoardSnapshotSchema, ReportViewSchema } from '../../src/shared/api.js';
import { openStores } from '../../src/infra/db/stores.js';
import { GIT_TEST_ENV } from '../helpers/git-repo.js';
import type { Receiver } from '../helpers/http-receiver.js';
import { startReceiver } from '../helpers/http-receiver.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { waitFor } from '../helpers/wait.js';
import { project, scriptedTask, startLoop, stateOf } from './run-helpers.js';

const BIN = join(process.cwd(), 'bin', 'grove.js');
const cleanups: Array<() => void> = [];
let p: GroveProject | undefined;
afterEach(() => {
  p?.cleanup();
  p = undefined;
  for (const c of cleanups.splice(0)) c();
});

async function receiver(path: string): Promise<Receiver> {
  const r = await startReceiver(path);
  cleanups.push(r.close);
  return r;
}

/** `grove <args>` as a real process, without blocking this one (the receivers answer meanwhile). */
function grove(
  root: string,
  ...args: string[]
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: root, env: GIT_TEST_ENV });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function dashboardGet(root: string, path: string): Promise<unknown> {
  const ctx = await openProject(root);
  try {
    const dashboard = await startDashboard(ctx, { port: 0 });
    try {
      const res = await fetch(new URL(path, dashboard.url), {
        headers: { 'x-grove-token': dashboard.token },
      });
      expect(res.status).toBe(200);
      return await res.json();
    } finally {
      await dashboard.close();
    }
  } finally {
    ctx.close();
  }
}

/** Writes and commits a file of its own; `input` tokens at the scripted agent's $3/M: 20k → $0.06. */
const spender = (id: string, input: number, reportCost = true): string =>
  [
    `report_cost: ${reportCost}`,
    'default_usage: { input: 0, output: 0 }',
    'steps:',
    `  - write: { path: src/${id}/index.js, content: "export const v = 1;\\n" }`,
    `    usage: { input: ${input}, output: 0 }`,
    `  - commit: 'Add ${id}'`,
    `  - result: { summary: 'added ${id}' }`,
    '',
  ].join('\n');

describe('a fleet spend cap per cycle', () => {
  it('stops new starts once the first tasks cost it, tells the lead once, and grove status says why', async () => {
    const ntfy = await receiver('grove-topic');
    const hook = await receiver('hook');
    const config = [
      'wip: 1',
      'gates:',
      '  test: [node, -e, "0"]',
      'budgets:',
      '  usd_per_cycle: 0.05',
      'notify:',
      `  ntfy: ${ntfy.url}`,
      `  webhook: ${hook.url}`,
      '',
    ].join('\n');
    // One at a time, in priority order: silent (its cost unknown: it reports none, its model has no
    // price), then first ($0.06: over the cap), then later and last, which must never start.
    p = project(
      {
        silent: spender('silent', 1000, false),
        first: spender('first', 20_000),
        later: spender('later', 20_000),
        last: spender('last', 20_000),
      },
      config,
      {
        silent: scriptedTask('silent', 'priority: 4\n'),
        first: scriptedTask('first', 'priority: 3\n'),
        later: scriptedTask('later', 'priority: 2\n'),
        last: scriptedTask('last', 'priority: 1\n'),
      },
    );
    const run = await grove(p.root, 'run', '--no-dashboard', '--no-keep-open');
    expect(run.code, run.stderr).toBe(1); // later and last wait on the lead
    expect(run.stdout).toContain('spend cap reached');

    const ctx = await openProject(p.root);
    try {
      const stores = openStores(ctx.db);
      expect(stores.tasks.require('first').state).toBe('merged');
      for (const id of ['later', 'last']) {
        expect(stores.tasks.require(id).state).toBe('ready');
        expect(stores.attempts.listForTask(id)).toEqual([]); // never started
      }
      const told = stores.notifications.list().filter((n) => n.kind === 'spend-cap');
      expect(told).toHaveLength(1);
      expect(told[0]!.message).toBe(
        'spend cap reached, no new agent session starts — this cycle: at least $0.06 (1 task of unknown cost: silent) of $0.05 (budgets.usd_per_cycle); running tasks go on; raise budgets.usd_per_cycle in .grove/config.yaml, then run grove run again',
      );
    } finally {
      ctx.close();
    }

    // The receiver heard it once: one ntfy push (urgent), one webhook post of that kind, and no
    // per-task "waiting" noise for the tasks the cap holds.
    const pushes = ntfy.got.filter((g) => g.headers.tags === 'spend-cap');
    expect(pushes).toHaveLength(1);
    expect(pushes[0]!.headers).toMatchObject({ title: 'grove spend-cap', priority: 'high' });
    expect(pushes[0]!.body).toContain('spend cap reached');
    const posts = hook.got.map(
      (g) => JSON.parse(g.body) as { kind: string; taskId: string | null; message: string },
    );
    expect(posts.filter((b) => b.kind === 'spend-cap')).toHaveLength(1);
    expect(posts.filter((b) => b.message.includes('spend cap'))).toHaveLength(1);

    const status = await grove(p.root, 'status');
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain(
      'spend cap reached, no new agent session starts — this cycle: at least $0.06 (1 task of unknown cost: silent) of $0.05 (budgets.usd_per_cycle)',
    );
    expect(status.stdout).toContain('raise budgets.usd_per_cycle in .grove/config.yaml');
    const json = JSON.parse((await grove(p.root, 'status', '--json')).stdout) as Array<{
      id: string;
      spend: { costUsd: number; costUnknown: boolean };
    }>;
    expect(json.find((r) => r.id === 'first')!.spend).toMatchObject({ costUsd: 0.06, costUnknown: false });
    expect(json.find((r) => r.id === 'silent')!.spend).toMatchObject({ costUsd: 0, costUnknown: true });
    const report = await grove(p.root, 'report');
    expect(report.stdout).toContain(
      '- Spend cap: this cycle: at least $0.06 (1 task of unknown cost: silent) of $0.05 (budgets.usd_per_cycle) — reached: no new agent session starts',
    );
    // The dashboard's snapshot carries the same figures.
    const snapshot = BoardSnapshotSchema.parse(await dashboardGet(p.root, '/api/snapshot'));
    expect(snapshot.spend?.caps).toEqual([
      { window: 'cycle', period: '1', capUsd: 0.05, spentUsd: 0.06, unknownTasks: ['silent'], reached: true },
    ]);

    // Raised, the held tasks start and the run finishes.
    writeFileSync(
      join(p.root, '.grove/config.yaml'),
      config.replace('usd_per_cycle: 0.05', 'usd_per_cycle: 5'),
    );
    p.git('commit', '-qam', 'raise the cap');
    const again = await grove(p.root, 'run', '--no-dashboard', '--no-keep-open');
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(ntfy.got.filter((g) => g.headers.tags === 'spend-cap')).toHaveLength(1); // not told again
  }, 120_000);
});

/** `messages` usage messages of `tokens` each, 150 ms apart, then the task's file and its result. */
const burner = (id: string, messages: number, tokens: number, reportCost = true): string =>
  [
    `report_cost: ${reportCost}`,
    'default_usage: { input: 0, output: 0 }',
    'steps:',
    `  - repeat: { times: ${messages}, steps: [{ usage: { input: ${tokens}, output: 0 } }, { sleep: 150 }] }`,
    `  - write: { path: src/${id}/index.js, content: "export const v = 1;\\n" }`,
    `  - commit: 'Add ${id}'`,
    `  - result: { summary: 'added ${id}' }`,
    '',
  ].join('\n');

describe('role budgets', () => {
  it('a frontend task is paused at its role’s tokens, a backend task of the same burn is not', async () => {
    // frontend 18k, backend 28k (the method's 180k / 280k, scaled down); each task burns 20k.
    const config = [
      'gates:',
      '  test: [node, -e, "0"]',
      'budgets:',
      '  roles:',
      '    frontend: { tokens: 18000 }',
      '    backend: { tokens: 28000 }',
      '',
    ].join('\n');
    p = project({ fe: burner('fe', 4, 5000), be: burner('be', 4, 5000) }, config, {
      fe: scriptedTask('fe', 'role: frontend\n'),
      be: scriptedTask('be', 'role: backend\n'),
    });
    const plan = await grove(p.root, 'plan');
    expect(plan.stdout).toContain('fe  Task fe  [budget 18k tokens (role frontend)]');
    expect(plan.stdout).toContain('be  Task be  [budget 28k tokens (role backend)]');
    const { ctx, loop } = await startLoop(p.root);
    try {
      const done = await loop.whenDone();
      expect(done.merged).toEqual(['be']);
      expect(done.needsPerson).toEqual(['fe']);
      const stores = openStores(ctx.db);
      expect(stores.tasks.require('fe').budget_tokens).toBe(18_000);
      const note = stores.notifications.list().find((n) => n.kind === 'budget');
      expect(note?.task_id).toBe('fe');
      expect(note?.message).toMatch(/^fe paused.*of 18k tokens used/);
    } finally {
      await loop.stop();
      ctx.close();
    }
    const status = await grove(p.root, 'status');
    expect(status.stdout).toContain('fe budget: 18k tokens (role frontend); used 20k tokens');
  }, 60_000);

  it('a task’s own budget wins over its role’s', async () => {
    p = project({ fe: burner('fe', 4, 5000) }, 'budgets:\n  roles:\n    frontend: { tokens: 18000 }\n', {
      fe: scriptedTask('fe', 'role: frontend\nbudget: { tokens: 50000 }\n'),
    });
    const plan = await grove(p.root, 'plan', '--json');
    const tasks = (JSON.parse(plan.stdout) as { tasks: Array<{ id: string; budget: unknown }> }).tasks;
    expect(tasks[0]!.budget).toMatchObject({ tokens: 50_000, tokensFrom: 'task', role: 'frontend' });
  });
});

describe('a per-task dollar budget', () => {
  it('pauses a task whose priced usage reaches it while it runs, and resume says what to raise', async () => {
    // The agent reports no cost: its tokens are priced as they come ($3/M): 5k tokens = $0.015 each.
    const config = [
      'gates:',
      '  test: [node, -e, "0"]',
      'prices:',
      '  scripted-sonnet: { input_per_mtok: 3, output_per_mtok: 15 }',
      '',
    ].join('\n');
    p = project({ t: burner('t', 20, 5000, false) }, config, {
      t: scriptedTask('t', 'budget: { usd: 0.05 }\n'),
    });
    const { ctx, loop } = await startLoop(p.root);
    try {
      await waitFor(() => stateOf(ctx, 't') === 'paused', { what: 'paused', timeoutMs: 20_000 });
      const stores = openStores(ctx.db);
      const used = stores.usage.totalsForTask('t').total;
      expect(used).toBeGreaterThanOrEqual(15_000); // $0.045 ≥ 85% of $0.05
      expect(used).toBeLessThan(100_000); // stopped part way
      const note = stores.notifications.list().find((n) => n.kind === 'budget');
      expect(note?.message).toMatch(/^t paused: \$0\.0\d+ of its \$0\.05 dollar budget spent/);
      const r = resumeTask(ctx, 't', 'cli');
      expect(r).toMatchObject({ kind: 'refused', code: 'USAGE' });
      expect(r.kind === 'refused' && r.hint).toBe(
        'raise budget.usd in .grove/tasks/t.md, then grove resume t',
      );
      // Raised in the task file, `grove resume` (another process) continues it — and the running
      // scheduler holds it to the new budget, not the one it loaded.
      writeFileSync(join(p.root, '.grove/tasks/t.md'), scriptedTask('t', 'budget: { usd: 5 }\n'));
      p.git('commit', '-qam', 'raise the dollar budget');
      const resumed = await grove(p.root, 'resume', 't');
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(stores.tasks.require('t').budget_usd).toBe(5);
      const done = await loop.whenDone();
      expect(done.merged).toEqual(['t']);
      expect(stores.attempts.listForTask('t').map((a) => a.kind)).toEqual(['initial', 'resume']);
    } finally {
      await loop.stop();
      ctx.close();
    }
  }, 60_000);
});

describe('the forecast', () => {
  it('says what a running task will cost at its burn: grove status, the cycle report, the dashboard', async () => {
    // 40 messages of 2k tokens, 150 ms apart, priced as they come ($3/M); a 100k budget pauses at 85k.
    const config = [
      'gates:',
      '  test: [node, -e, "0"]',
      'budgets:',
      '  tokens: 100000',
      'prices:',
      '  scripted-sonnet: { input_per_mtok: 3, output_per_mtok: 15 }',
      '',
    ].join('\n');
    p = project({ t: burner('t', 40, 2000, false) }, config);
    const { ctx, loop } = await startLoop(p.root);
    try {
      const stores = openStores(ctx.db);
      await waitFor(() => stores.usage.totalsForTask('t').total >= 10_000, {
        what: 'a burn',
        timeoutMs: 20_000,
      });
      const notices = statusNotices(ctx).join('\n');
      expect(notices).toMatch(
        /^ {2}forecast t: [\d.]+k tokens\/min, \$[\d.]+\/h; ≈ \$0\.2\d at 85k tokens in .+, when its token budget pauses it$/m,
      );
      expect(notices).toMatch(
        /^forecast: 1 running task burns \$[\d.]+\/h; at that rate, until grove pauses or stops them, ≈ \$0\.\d+ more$/m,
      );
      const markdown = renderReportMarkdown(buildCycleReport(cycleReportInput(ctx)));
      expect(markdown).toMatch(/^- Forecast: 1 running task burns/m);
      const view = ReportViewSchema.parse(await dashboardGet(p.root, '/api/report'));
      expect(view.spend?.forecast.tasks.map((f) => [f.taskId, f.until])).toEqual([['t', 'tokens']]);
      const snapshot = BoardSnapshotSchema.parse(await dashboardGet(p.root, '/api/snapshot'));
      expect(snapshot.spend?.forecast.tasks[0]?.projectedTokens).toBe(85_000);
    } finally {
      await loop.stop({ stopAgents: true });
      ctx.close();
    }
  }, 60_000);
});
