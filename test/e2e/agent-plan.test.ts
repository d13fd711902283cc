// Issue 18, agent plans (`review.agent_plan: true`): the task's agent first writes an implementation
// plan in a plan-only turn (the scripted agent in `--permission-mode plan`, its edit steps refused); the
// task waits in `review` with the plan; approve → the SAME session implements it and it lands through
// the usual gates; request changes → the same session revises the plan (still plan-only); a plan turn
// that changes a file anyway is refused and the worktree put back. Real grove bin, real git, real queue.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openProject } from '../../src/app/context.js';
import { attemptFiles, taskLogDir } from '../../src/app/attempts/files.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { worktreeOf } from '../helpers/grove-project.js';
import { ActionResultSchema, TaskDetailSchema } from '../../src/shared/api.js';
import { startDashboardProcess } from '../helpers/dashboard-process.js';
import { project } from './run-helpers.js';

let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

const CONFIG = 'gates:\n  test: [node, -e, "0"]\nreview: { agent_plan: true }\n';

const IMPLEMENT = [
  '    - write: { path: src/t/index.js, content: "export const v = 1;\\n" }',
  "    - commit: 'Add t as planned'",
  "    - result: { status: completed, summary: 'implemented the plan' }",
];

interface Snapshot {
  state: string;
  attempts: Array<{ kind: string; session: string | null }>;
  reviews: Array<{ subject: string; verdict: string; message: string }>;
  plans: number;
}

async function snapshot(root: string, id = 't'): Promise<Snapshot> {
  const ctx = await openProject(root);
  try {
    return {
      state: ctx.store.require(id).state,
      attempts: ctx.stores.attempts.listForTask(id).map((a) => ({ kind: a.kind, session: a.session_id })),
      reviews: ctx.stores.reviews
        .listForTask(id)
        .map((r) => ({ subject: r.subject, verdict: r.verdict, message: r.message })),
      plans: ctx.stores.agentPlans.countPlans(id),
    };
  } finally {
    ctx.close();
  }
}

function promptOfRun(root: string, run: number): string {
  const home = join(root, '.git', 'grove', 'homes', 't', 'scripted', 'scripted-agent');
  return readFileSync(join(home, `t.run-${run}.prompt.txt`), 'utf8');
}

/** The arguments attempt `n` of task t was started with (the wrapper's launch spec). */
function launchArgs(root: string, n: number): string[] {
  const spec = attemptFiles(taskLogDir(join(root, '.git', 'grove'), 't'), n).launch;
  return (JSON.parse(readFileSync(spec, 'utf8')) as { args: string[] }).args;
}

function permissionModeOf(args: readonly string[]): string | undefined {
  const i = args.indexOf('--permission-mode');
  return i < 0 ? undefined : args[i + 1];
}

/** `grove run` until the plan waits for review: nothing landed, the lead was told. */
function runToPlanReview(g: GroveProject): string {
  const mainBefore = g.git('rev-parse', 'main').trim();
  const run = g.grove('run', '--no-dashboard');
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(run.code).toBe(1); // the plan needs a person
  const out = run.stdout + run.stderr;
  expect(out).toContain("t: its agent's plan waits for your review: `grove review t`");
  expect(g.git('rev-parse', 'main').trim()).toBe(mainBefore);
  return out;
}

describe('agent plans (review.agent_plan: true)', () => {
  it('plans without editing, shows the plan, and the same session implements it once approved', async () => {
    const script = [
      'runs:',
      '  1:',
      // Refused in plan mode: the file must not appear.
      '    - write: { path: src/t/index.js, content: "too early\\n" }',
      '    - plan: "1. Add src/t/index.js exporting v = 1.\\n2. Commit it."',
      '  2:',
      ...IMPLEMENT,
      '',
    ].join('\n');
    p = project({ t: script }, CONFIG);
    runToPlanReview(p);
    const planned = await snapshot(p.root);
    expect(planned.state).toBe('review');
    expect(planned.plans).toBe(1);
    expect(existsSync(join(worktreeOf(p, 't'), 'src/t/index.js'))).toBe(false);
    expect(permissionModeOf(launchArgs(p.root, 1))).toBe('plan');
    expect(promptOfRun(p.root, 1)).toContain('this turn is plan-only');
    expect(promptOfRun(p.root, 1)).not.toContain('End your final message with a JSON block');

    // grove review shows the plan, not a diff.
    const text = p.grove('review', 't');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("The agent's plan:");
    expect(text.stdout).toContain('1. Add src/t/index.js exporting v = 1.');
    expect(text.stdout).not.toContain('Diff ');
    const json = JSON.parse(p.grove('review', 't', '--json').stdout) as {
      subject: string;
      plan: { text: string; number: number };
      diff: string;
    };
    expect(json).toMatchObject({ subject: 'plan', plan: { number: 1 }, diff: '' });
    expect(json.plan.text).toContain('2. Commit it.');
    expect(p.grove('review', '--json').stdout).toContain('"subject": "plan"');
    // Line comments belong to code reviews.
    const refused = p.grove('request-changes', 't', '-m', 'x', '--file', 'src/t/index.js', '--line', '1');
    expect(refused.code).not.toBe(0);
    expect((await snapshot(p.root)).state).toBe('review');

    // The dashboard's task API has the plan; its action API approves it (the same task command).
    const dashboard = await startDashboardProcess(p.root);
    try {
      const headers = {
        'x-grove-token': new URL(dashboard.url).searchParams.get('token') ?? '',
        'content-type': 'application/json',
      };
      const detail = TaskDetailSchema.parse(
        await (await fetch(`${dashboard.origin}/api/tasks/t`, { headers })).json(),
      );
      expect(detail.agentPlan).toMatchObject({ number: 1, awaitingReview: true, approved: false });
      expect(detail.agentPlan?.text).toContain('1. Add src/t/index.js exporting v = 1.');
      const res = await fetch(`${dashboard.origin}/api/actions`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ kind: 'approve', taskId: 't', message: 'go ahead' }),
      });
      const approved = ActionResultSchema.parse(await res.json());
      expect(approved).toMatchObject({ kind: 'done' });
      expect(approved.message).toContain('plan approved; its agent implements it in the same session');
    } finally {
      await dashboard.stop();
    }
    expect((await snapshot(p.root)).state).toBe('ready');

    const landed = p.grove('run', '--no-dashboard');
    expect(landed.stderr).not.toMatch(/^\s+at /m);
    expect(landed.code).toBe(0);
    const done = await snapshot(p.root);
    expect(done.state).toBe('merged');
    expect(done.attempts.map((a) => a.kind)).toEqual(['initial', 'resume']);
    expect(new Set(done.attempts.map((a) => a.session)).size).toBe(1);
    expect(done.reviews).toEqual([{ subject: 'plan', verdict: 'approved', message: 'go ahead' }]);
    expect(p.grove('review', 't', '--json').stdout).toContain('"subject": "code"');
    // Not plan mode any more, told to implement the plan it wrote.
    expect(permissionModeOf(launchArgs(p.root, 2))).not.toBe('plan');
    expect(promptOfRun(p.root, 2)).toContain('Your plan was approved.');
    expect(promptOfRun(p.root, 2)).toContain('The reviewer adds: go ahead');
    expect(promptOfRun(p.root, 2)).toContain('Implement the plan you wrote');
    expect(p.git('show', 'main:src/t/index.js')).toBe('export const v = 1;\n');
  }, 120_000);

  it('sends requested changes to the same session, which revises the plan in plan mode, then implements it', async () => {
    const script = [
      'runs:',
      '  1:',
      "    - plan: 'Plan A: add src/t/index.js.'",
      '  2:',
      "    - plan: 'Plan B: add src/t/index.js with a test first.'",
      '  3:',
      ...IMPLEMENT,
      '',
    ].join('\n');
    p = project({ t: script }, CONFIG);
    runToPlanReview(p);
    const asked = p.grove('request-changes', 't', '-m', 'write the test first');
    expect(asked.stderr).toBe('');
    expect(asked.code).toBe(0);
    expect(asked.stdout).toContain('its agent revises the plan in the same session');

    runToPlanReview(p);
    const revised = await snapshot(p.root);
    expect(revised.state).toBe('review');
    expect(revised.plans).toBe(2);
    expect(revised.attempts.map((a) => a.kind)).toEqual(['initial', 'fix']);
    expect(new Set(revised.attempts.map((a) => a.session)).size).toBe(1);
    expect(permissionModeOf(launchArgs(p.root, 2))).toBe('plan');
    expect(promptOfRun(p.root, 2)).toContain('requests changes (plan review round 1)');
    expect(promptOfRun(p.root, 2)).toContain('write the test first');
    const view = p.grove('review', 't').stdout;
    expect(view).toContain("The agent's plan (revision 1):");
    expect(view).toContain('Plan B: add src/t/index.js with a test first.');
    expect(view).toContain('changes-requested by cli: write the test first');

    expect(p.grove('approve', 't').code).toBe(0);
    const landed = p.grove('run', '--no-dashboard');
    expect(landed.code).toBe(0);
    const done = await snapshot(p.root);
    expect(done.state).toBe('merged');
    expect(done.attempts.map((a) => a.kind)).toEqual(['initial', 'fix', 'resume']);
    expect(new Set(done.attempts.map((a) => a.session)).size).toBe(1);
    expect(done.reviews.map((r) => [r.subject, r.verdict])).toEqual([
      ['plan', 'changes-requested'],
      ['plan', 'approved'],
    ]);
    expect(p.git('show', 'main:src/t/index.js')).toBe('export const v = 1;\n');
  }, 120_000);

  it('with review.code required too: the plan review first, then the code review of what implements it', async () => {
    const script = [
      'runs:',
      '  1:',
      '    - plan: "Plan: add src/t/index.js."',
      '  2:',
      ...IMPLEMENT,
      '',
    ].join('\n');
    p = project(
      { t: script },
      'gates:\n  test: [node, -e, "0"]\nreview: { agent_plan: true, code: required }\n',
    );
    runToPlanReview(p);
    const approvedPlan = p.grove('approve', 't');
    expect(approvedPlan.code).toBe(0);
    expect(approvedPlan.stdout).toContain('then its gates run and its code comes back to review');
    const run = p.grove('run', '--no-dashboard');
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).toContain(
      '[review] t passed its gates and waits for your review: grove review t',
    );
    expect((await snapshot(p.root)).state).toBe('review');
    // Now a code review: the diff, not the plan.
    const view = JSON.parse(p.grove('review', 't', '--json').stdout) as { subject: string; diff: string };
    expect(view.subject).toBe('code');
    expect(view.diff).toContain('+export const v = 1;');
    expect(p.grove('review', 't').stdout).toContain(
      'The plan it was approved to implement (agent_plan):\n  Plan: add src/t/index.js.',
    );
    // "Since my last review" is of the code: the plan review looked at no diff.
    const since = p.grove('review', 't', '--since-last');
    expect(since.code).toBe(10);
    expect(since.stderr).toContain('task t has not been reviewed yet');
    expect(p.grove('approve', 't').stdout).toContain('t approved at');
    expect(p.grove('run', '--no-dashboard').code).toBe(0);
    const done = await snapshot(p.root);
    expect(done.state).toBe('merged');
    expect(done.reviews.map((r) => [r.subject, r.verdict])).toEqual([
      ['plan', 'approved'],
      ['code', 'approved'],
    ]);
  }, 120_000);

  it('a plan turn whose agent failed is retried by the fix loop, still plan-only, and its plan reaches review', async () => {
    const script = ['runs:', '  1:', '    - exit: 3', '  2:', '    - plan: "Plan after a crash."', ''].join(
      '\n',
    );
    p = project({ t: script }, CONFIG);
    runToPlanReview(p);
    const s = await snapshot(p.root);
    expect(s.state).toBe('review');
    expect(s.attempts.map((a) => a.kind)).toEqual(['initial', 'fix']);
    expect(permissionModeOf(launchArgs(p.root, 2))).toBe('plan');
    expect(promptOfRun(p.root, 2)).toContain('this turn is plan-only');
    expect(p.grove('review', 't').stdout).toContain('Plan after a crash.');
  }, 120_000);

  it('a plan turn that ends without a plan goes back to the same session, still plan-only', async () => {
    const script = [
      'runs:',
      '  1:',
      '    - usage: { input: 10 }',
      '  2:',
      '    - plan: "The plan, at last."',
      '',
    ].join('\n');
    p = project({ t: script }, CONFIG);
    runToPlanReview(p);
    const s = await snapshot(p.root);
    expect(s.attempts.map((a) => a.kind)).toEqual(['initial', 'fix']);
    expect(new Set(s.attempts.map((a) => a.session)).size).toBe(1);
    expect(permissionModeOf(launchArgs(p.root, 2))).toBe('plan');
    expect(promptOfRun(p.root, 2)).toContain('the plan-only turn ended without a plan');
    expect(s.plans).toBe(1);
  }, 120_000);

  it('refuses a plan turn that changed a file anyway and puts the worktree back', async () => {
    const script = [
      'runs:',
      '  1:',
      // A command is not refused in plan mode: grove's check after the turn is what catches it.
      "    - run: [node, -e, \"require('fs').writeFileSync('src-sneaky.js', '1')\"]",
      "    - run: [node, -e, \"require('fs').appendFileSync('README.md', 'edited')\"]",
      "    - plan: 'Plan: nothing to see.'",
      '  2:',
      "    - plan: 'Plan, without touching anything.'",
      '',
    ].join('\n');
    p = project({ t: script }, CONFIG);
    const run = p.grove('run', '--no-dashboard');
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.code).toBe(1);
    const out = run.stdout + run.stderr;
    expect(out).toContain('t: its agent changed files during its plan-only turn (README.md, src-sneaky.js)');
    const s = await snapshot(p.root);
    expect(s.state).toBe('blocked');
    expect(s.plans).toBe(0);
    const wt = worktreeOf(p, 't');
    expect(existsSync(join(wt, 'src-sneaky.js'))).toBe(false);
    expect(p.git('-C', wt, 'status', '--porcelain')).toBe('');
    expect(p.git('rev-parse', 'refs/heads/grove/t').trim()).toBe(p.git('rev-parse', 'main').trim());

    // `grove retry` asks for a plan again: a fresh plan-only turn.
    expect(p.grove('retry', 't').code).toBe(0);
    runToPlanReview(p);
    expect(permissionModeOf(launchArgs(p.root, 2))).toBe('plan');
    expect((await snapshot(p.root)).plans).toBe(1);
  }, 120_000);
});
