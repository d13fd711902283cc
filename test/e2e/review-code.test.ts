// Issue 18, code review: with `review.code: required` a task whose gates pass waits in `review`; a
// person approves it (for one commit) or requests changes, which resume the SAME agent session with the
// comments (file:line and the quoted code); the real scripted agent, the real queue, real git.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openProject } from '../../src/app/context.js';
import { approveTask } from '../../src/app/task-commands/index.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { worktreeOf } from '../helpers/grove-project.js';
import { GIT_TEST_ENV } from '../helpers/git-repo.js';
import { startDashboardProcess } from '../helpers/dashboard-process.js';
import { ActionResultSchema } from '../../src/shared/api.js';
import { project } from './run-helpers.js';
import { RENAME_SCRIPT, REVIEW_CONFIG } from './review-fixtures.js';

let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

const CONFIG = REVIEW_CONFIG;

const SCRIPT = RENAME_SCRIPT;

interface Snapshot {
  state: string;
  reviews: Array<{ verdict: string; commit: string; by: string; void: boolean }>;
  attempts: Array<{ kind: string; session: string | null }>;
  branchTip: string;
}

async function snapshot(root: string, id = 't'): Promise<Snapshot> {
  const ctx = await openProject(root);
  try {
    const task = ctx.store.require(id);
    return {
      state: task.state,
      reviews: ctx.stores.reviews.listForTask(id).map((r) => ({
        verdict: r.verdict,
        commit: r.commit_sha,
        by: r.by,
        void: r.voided_at !== null,
      })),
      attempts: ctx.stores.attempts.listForTask(id).map((a) => ({ kind: a.kind, session: a.session_id })),
      branchTip: p!.git('rev-parse', `refs/heads/grove/${id}`).trim(),
    };
  } finally {
    ctx.close();
  }
}

function promptOfRun(root: string, run: number): string {
  const home = join(root, '.git', 'grove', 'homes', 't', 'scripted', 'scripted-agent');
  return readFileSync(join(home, `t.run-${run}.prompt.txt`), 'utf8');
}

/** `grove run` until the task waits in review; checks it said so and landed nothing. */
function runToReview(g: GroveProject): void {
  const mainBefore = g.git('rev-parse', 'main').trim();
  const run = g.grove('run', '--no-dashboard');
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(run.code).toBe(1); // a task needs a person
  const out = run.stdout + run.stderr;
  expect(out).toMatch(/t\s+review: .*\n\s+→ grove review t/);
  // The lead is told once, as a notification of its own kind.
  expect(out.match(/\[review\] t passed its gates and waits for your review: grove review t/g)).toHaveLength(
    1,
  );
  expect(g.git('rev-parse', 'main').trim()).toBe(mainBefore);
}

async function reviewNotifications(root: string): Promise<string[]> {
  const ctx = await openProject(root);
  try {
    return ctx.stores.notifications
      .list()
      .filter((n) => n.kind === 'review')
      .map((n) => n.message);
  } finally {
    ctx.close();
  }
}

describe('grove review, approve and request-changes (review.code: required)', () => {
  it('waits in review, sends line comments to the same session, comes back to review, lands once approved', async () => {
    p = project({ t: SCRIPT }, CONFIG);
    runToReview(p);
    expect((await snapshot(p.root)).state).toBe('review');
    expect(p.git('ls-tree', '-r', '--name-only', 'main')).not.toContain('src/t/index.js');
    expect(await reviewNotifications(p.root)).toEqual([
      't passed its gates and waits for your review: grove review t',
    ]);

    // Every view knows the state.
    const status = p.grove('status', '--json');
    expect(status.code).toBe(0);
    expect((JSON.parse(status.stdout) as Array<{ id: string; state: string }>)[0]).toMatchObject({
      id: 't',
      state: 'review',
    });
    const report = p.grove('report', '--json');
    expect(report.code).toBe(0);
    expect(report.stdout).toContain('"review"');
    const table = p.grove('status').stdout;
    expect(table).toMatch(/^t\s+review\s/m);
    expect(table).toContain('1 task(s) wait for your review (t): grove review');

    const list = p.grove('review', '--json');
    expect(list.code).toBe(0);
    expect((JSON.parse(list.stdout) as Array<{ id: string }>).map((w) => w.id)).toEqual(['t']);
    const view = p.grove('review', 't', '--json');
    expect(view.code).toBe(0);
    const v = JSON.parse(view.stdout) as {
      gates: Array<{ gate: string; ok: boolean }>;
      summary: string;
      diff: string;
      spec: { body: string };
      scope: { files: Array<{ path: string }> };
    };
    expect(v.gates.find((g) => g.gate === 'test')?.ok).toBe(true);
    expect(v.summary).toBe('added t');
    expect(v.spec.body).toContain('Do t.');
    expect(v.scope.files.map((f) => f.path)).toEqual(['src/t/index.js']);
    expect(v.diff).toContain('+export const v = 1;');
    const text = p.grove('review', 't'); // not a terminal: plain text, no pager
    expect(text.stdout).toContain('Goal and acceptance criteria');
    expect(text.stdout).toContain('+export const w = 2;');

    const neverReviewed = p.grove('review', 't', '--since-last');
    expect(neverReviewed.code).toBe(10);
    expect(neverReviewed.stderr).toContain('task t has not been reviewed yet');
    const reviewedTip = (await snapshot(p.root)).branchTip;
    const asked = p.grove(
      'request-changes',
      't',
      '-m',
      'please use clearer names',
      '-m',
      'call it value',
      '--file',
      'src/t/index.js',
      '--line',
      '1',
    );
    expect(asked.stderr).toBe('');
    expect(asked.code).toBe(0);
    expect(asked.stdout).toContain('src/t/index.js:1  export const v = 1;');
    const sent = await snapshot(p.root);
    expect(sent.state).toBe('ready');
    expect(sent.reviews).toEqual([
      { verdict: 'changes-requested', commit: reviewedTip, by: 'cli', void: false },
    ]);

    runToReview(p);
    const back = await snapshot(p.root);
    expect(back.state).toBe('review');
    // The same session, resumed as a fix iteration, with the comment and the quoted code in its prompt.
    expect(back.attempts.map((a) => a.kind)).toEqual(['initial', 'fix']);
    expect(new Set(back.attempts.map((a) => a.session)).size).toBe(1);
    const prompt = promptOfRun(p.root, 2);
    expect(prompt).toContain('please use clearer names');
    expect(prompt).toContain('src/t/index.js:1\n> export const v = 1;\ncall it value');
    expect(back.branchTip).not.toBe(reviewedTip);
    // Only what changed since that review: the rename, not the lines already reviewed.
    const since = p.grove('review', 't', '--since-last');
    expect(since.code, since.stderr).toBe(0);
    expect(since.stdout).toContain(
      `changes since your last review (changes-requested by cli at ${reviewedTip.slice(0, 8)})`,
    );
    expect(since.stdout).toContain('-export const v = 1;');
    expect(since.stdout).toContain('+export const value = 1;');
    expect(since.stdout).not.toMatch(/^[+-]export const w/m); // reviewed before: context only
    const sinceJson = JSON.parse(p.grove('review', 't', '--since-last', '--json').stdout) as {
      files: string[];
    };
    expect(sinceJson.files).toEqual(['src/t/index.js']);

    const approved = p.grove('approve', 't', '-m', 'good');
    expect(approved.stderr).toBe('');
    expect(approved.code).toBe(0);
    expect(approved.stdout).toContain(`t approved at ${back.branchTip.slice(0, 8)}`);
    expect((await snapshot(p.root)).state).toBe('queued');

    const landed = p.grove('run', '--no-dashboard');
    expect(landed.code).toBe(0);
    const done = await snapshot(p.root);
    expect(done.state).toBe('merged');
    expect(done.reviews.map((r) => [r.verdict, r.commit, r.void])).toEqual([
      ['changes-requested', reviewedTip, false],
      ['approved', back.branchTip, false],
    ]);
    expect(p.git('show', 'main:src/t/index.js')).toBe('export const value = 1;\nexport const w = 2;\n');
  }, 120_000);

  it('request-changes --lesson keeps the line comment as a learning proposal, curated into AGENTS.md', () => {
    p = project({ t: SCRIPT }, CONFIG);
    runToReview(p);
    const asked = p.grove(
      'request-changes',
      't',
      '-m',
      'two things',
      '-m',
      'Exported constants use full words, never single letters',
      '--file',
      'src/t/index.js',
      '--line',
      '1',
      '--lesson',
    );
    expect(asked.stderr).toBe('');
    expect(asked.code).toBe(0);
    expect(asked.stdout).toContain('kept as a lesson');
    const listed = p.grove('retro', '--json');
    expect(listed.code).toBe(0);
    const proposals = JSON.parse(listed.stdout) as Array<{
      id: string;
      entry: string;
      status: string;
      evidence: Array<{ task: string; source: string; files?: string[] }>;
    }>;
    const lesson = proposals.find((x) => x.entry.includes('full words'));
    expect(lesson).toMatchObject({
      status: 'proposed',
      evidence: [{ task: 't', source: 'review', files: ['src/t/index.js'] }],
    });
    // Only the comment marked as a lesson: the request's own message is not one.
    expect(proposals.some((x) => x.entry.includes('two things'))).toBe(false);
    expect(p.grove('retro', '--accept', lesson!.id).code).toBe(0);
    expect(readFileSync(join(p.root, 'AGENTS.md'), 'utf8')).toContain(
      'Exported constants use full words, never single letters',
    );
  }, 120_000);

  it('an approval is for one commit: the branch moving after it voids it and the task comes back to review', async () => {
    p = project({ t: SCRIPT }, CONFIG);
    runToReview(p);
    const approvedTip = (await snapshot(p.root)).branchTip;
    expect(p.grove('approve', 't').code).toBe(0);
    // Someone commits on the task's branch after the approval.
    const wt = worktreeOf(p, 't');
    writeFileSync(join(wt, 'src/t/extra.js'), 'export const extra = 3;\n');
    p.git('-C', wt, 'add', '-A');
    p.git('-C', wt, 'commit', '-q', '-m', 'unreviewed change');

    runToReview(p);
    const after = await snapshot(p.root);
    expect(after.state).toBe('review');
    expect(after.reviews).toEqual([{ verdict: 'approved', commit: approvedTip, by: 'cli', void: true }]);
    expect(p.git('ls-tree', '-r', '--name-only', 'main')).not.toContain('src/t/extra.js');
    const ctx = await openProject(p.root);
    try {
      const moves = ctx.store.stateHistory('t').map((h) => `${h.from}→${h.to}`);
      expect(moves.slice(-4)).toEqual([
        'review→queued',
        'queued→verifying',
        'verifying→verified',
        'verified→review',
      ]);
      expect(ctx.store.require('t').verified_commit).toBe(after.branchTip);
    } finally {
      ctx.close();
    }
  }, 120_000);

  it('approving a branch that moved since its gates passed approves nothing: its gates run again, then review', async () => {
    p = project({ t: SCRIPT }, CONFIG);
    runToReview(p);
    const verified = (await snapshot(p.root)).branchTip;
    const wt = worktreeOf(p, 't');
    writeFileSync(join(wt, 'src/t/late.js'), 'export const late = 1;\n');
    p.git('-C', wt, 'add', '-A');
    p.git('-C', wt, 'commit', '-q', '-m', 'a late change nobody reviewed');
    const tip = p.git('rev-parse', 'refs/heads/grove/t').trim();

    const approve = p.grove('approve', 't');
    expect(approve.code).toBe(10);
    expect(approve.stderr).toContain(
      `task t was not approved: its gates passed on ${verified.slice(0, 8)} but the branch is now at ${tip.slice(0, 8)}`,
    );
    const after = await snapshot(p.root);
    expect(after.state).toBe('verifying');
    expect(after.reviews).toEqual([]);

    runToReview(p);
    const ctx = await openProject(p.root);
    try {
      expect(ctx.store.require('t').state).toBe('review');
      expect(ctx.store.require('t').verified_commit).toBe(tip);
    } finally {
      ctx.close();
    }
    expect(p.grove('approve', 't').code).toBe(0);
  }, 120_000);

  it('refuses bad input with a clear error and its exit code, changing nothing', async () => {
    p = project({ t: SCRIPT }, CONFIG);
    const early = p.grove('approve', 't');
    expect(early.code).toBe(10);
    expect(early.stderr).toContain('task t is planned; it does not wait for a review');
    expect(early.stderr).toContain('`grove approve` applies to review tasks');
    runToReview(p);
    const before = await snapshot(p.root);

    const cases: Array<{ args: string[]; code: number; says: string }> = [
      { args: ['request-changes', 't'], code: 2, says: 'the request for changes has no message' },
      {
        args: ['request-changes', 't', '-m', '   '],
        code: 2,
        says: 'the request for changes has no message',
      },
      {
        args: ['request-changes', 't', '-m', 'x', '--line', '1'],
        code: 2,
        says: '--line 1 has no --file',
      },
      {
        args: ['request-changes', 't', '-m', 'x', '--file', 'src/t/index.js'],
        code: 2,
        says: '--file src/t/index.js has no --line',
      },
      {
        args: ['request-changes', 't', '-m', 'x', '--file', 'src/t/index.js', '--line', '7'],
        code: 2,
        says: "line 7 of src/t/index.js is not in the task's diff",
      },
      {
        args: ['request-changes', 't', '-m', 'x', '--file', 'README.md', '--line', '1'],
        code: 2,
        says: 'README.md is not changed by the task',
      },
      { args: ['approve', 'nope'], code: 4, says: 'no task "nope"' },
    ];
    for (const c of cases) {
      const r = p.grove(...c.args);
      expect({ args: c.args, code: r.code }).toEqual({ args: c.args, code: c.code });
      expect(r.stderr).toContain(c.says);
    }
    const notInDiff = p.grove('request-changes', 't', '-m', 'x', '--file', 'src/t/index.js', '--line', '7');
    expect(notInDiff.stderr).toContain('comment on a line the diff shows (new side): 1-2');
    const json = p.grove('request-changes', 't', '-m', '', '--json');
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { code: 'USAGE' } });
    expect(await snapshot(p.root)).toEqual(before);
  }, 120_000);

  it('the same task approved at once from the CLI (twice) and the dashboard: exactly one wins, the others are told', async () => {
    p = project({ t: SCRIPT }, CONFIG);
    runToReview(p);
    const dashboard = await startDashboardProcess(p.root);
    try {
      const token = new URL(dashboard.url).searchParams.get('token') ?? '';
      const bin = resolve(import.meta.dirname, '../../bin/grove.js');
      const viaCli = (): Promise<{ won: boolean; code: number | null; message: string }> =>
        new Promise((done) => {
          const child = spawn(process.execPath, [bin, 'approve', 't'], { cwd: p!.root, env: GIT_TEST_ENV });
          let stderr = '';
          child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
          child.on('close', (code) => done({ won: code === 0, code, message: stderr }));
        });
      const viaDashboard = async (): Promise<{ won: boolean; code: number | null; message: string }> => {
        const res = await fetch(`${dashboard.origin}/api/actions`, {
          method: 'POST',
          headers: { 'x-grove-token': token, 'content-type': 'application/json' },
          body: JSON.stringify({ kind: 'approve', taskId: 't' }),
        });
        const body = ActionResultSchema.parse(await res.json());
        return {
          won: body.kind === 'done',
          code: body.kind === 'done' ? 0 : 10,
          message: `${body.message} ${body.kind === 'refused' ? (body.code ?? '') : ''}`,
        };
      };
      const results = await Promise.all([viaCli(), viaDashboard(), viaCli()]);
      expect(results.filter((r) => r.won)).toHaveLength(1);
      for (const lost of results.filter((r) => !r.won)) {
        expect(lost.code).toBe(10);
        expect(lost.message).toMatch(
          /task t (was approved by (cli|dashboard) meanwhile|is queued; it does not wait for a review)/,
        );
      }
    } finally {
      await dashboard.stop();
    }
    const after = await snapshot(p.root);
    expect(after.state).toBe('queued');
    expect(after.reviews).toHaveLength(1);
    const ctx = await openProject(p.root);
    try {
      expect(ctx.store.stateHistory('t').filter((h) => h.to === 'queued')).toHaveLength(1);
      expect(ctx.stores.queue.open().map((e) => e.task_id)).toEqual(['t']);
    } finally {
      ctx.close();
    }
  }, 120_000);

  it('two approvals that both read the task in review: the second is told who approved it meanwhile', async () => {
    p = project({ t: SCRIPT }, CONFIG);
    runToReview(p);
    const [a, b] = [await openProject(p.root), await openProject(p.root)];
    try {
      // Both read `review` before either moves it (each then awaits git for the branch tip).
      const [ra, rb] = await Promise.all([
        approveTask(a, 't', 'cli', 'from the terminal'),
        approveTask(b, 't', 'dashboard', 'from the page'),
      ]);
      // Exactly one wins (whichever git answered first); the other is told who approved it meanwhile.
      expect([ra.kind, rb.kind].sort()).toEqual(['done', 'refused']);
      const [winner, loser] =
        ra.kind === 'done' ? [['cli', 'from the terminal'], rb] : [['dashboard', 'from the page'], ra];
      expect(loser).toMatchObject({
        kind: 'refused',
        code: 'STATE_INVALID',
        message: `task t was approved by ${winner[0]} meanwhile; it is queued now and nothing was done`,
      });
      expect(a.stores.reviews.listForTask('t').map((r) => [r.by, r.message])).toEqual([winner]);
    } finally {
      a.close();
      b.close();
    }
  }, 120_000);
});
