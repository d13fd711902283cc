// One journal, four doors: `grove report --json`, `grove run`'s closing report, the dashboard's report
// API and the demo's report function all read the one report-input builder and show the same numbers.
// The journal is a real `grove run` of the demo's sample plan (scripted agent, real merge queue): one
// task fixes a failing test, and two tasks that both edit src/index.js make the queue send one back
// with a conflict, which is not a gate fix iteration.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openProject } from '../../src/app/context.js';
import { startDashboard } from '../../src/app/dashboard/start.js';
import { demoReport } from '../../src/app/demo/report.js';
import { createSampleRepo } from '../../src/app/demo/sample-repo.js';
import { demoTemplateDir } from '../../src/app/demo/template-dir.js';
import type { CycleReport } from '../../src/core/report/index.js';
import { renderReportMarkdown, toReportView } from '../../src/core/report/index.js';
import { ReportViewSchema } from '../../src/shared/api.js';
import type { ReportView } from '../../src/shared/api.js';
import { GIT_TEST_ENV } from '../helpers/git-repo.js';

const BIN = resolve(import.meta.dirname, '../../bin/grove.js');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function grove(root: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: root, env: GIT_TEST_ENV, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The report without the moment it was made (each door builds it at its own time). */
const timeless = (r: CycleReport): Omit<CycleReport, 'generatedAt'> => {
  const { generatedAt: _at, ...rest } = r;
  return rest;
};
const timelessView = (v: ReportView): Omit<ReportView, 'generatedAt'> => {
  const { generatedAt: _at, ...rest } = v;
  return rest;
};
const timelessMarkdown = (md: string | undefined): string | undefined =>
  md?.replace(/^Generated \S+\./m, 'Generated (time).');

describe('the cycle report through every door', () => {
  it('shows the same numbers from one journal, and a conflict send-back is not a fix iteration', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'grove-report-doors-'));
    dirs.push(parent);
    const root = await createSampleRepo({ parent, template: demoTemplateDir() });
    // No person in this run: the sample's review (the demo plays the lead) is turned off.
    const config = join(root, '.grove', 'config.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace(/: required$/gm, ': auto'));
    execFileSync('git', ['-C', root, 'commit', '-qam', 'no review in this test']);

    // Door 1: `grove run`'s closing report (its --json `done` line).
    const run = grove(root, 'run', '--json', '--no-dashboard', '--no-keep-open');
    expect(run.code, run.stderr).toBe(0);
    const done = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; report?: CycleReport })
      .find((l) => l.type === 'done');
    const fromRun = done?.report;
    expect(fromRun, run.stdout).toBeDefined();

    // Door 2: `grove report --json`.
    const reported = grove(root, 'report', '--json');
    expect(reported.code, reported.stderr).toBe(0);
    const fromReport = JSON.parse(reported.stdout) as CycleReport;

    const ctx = await openProject(root);
    try {
      // The journal holds both kinds of send-back.
      const fixing = fromReport.tasks.flatMap((t) =>
        ctx.store.stateHistory(t.id).filter((h) => h.to === 'fixing'),
      );
      const conflicts = fixing.filter((h) => h.kind === 'conflict').length;
      expect(conflicts).toBeGreaterThanOrEqual(1);
      expect(fromReport.totals.fixIterations).toBe(fixing.length - conflicts);
      expect(fromReport.totals.fixIterations).toBe(1);
      // The sample's five tasks and the attempt of the best-of task `slug` that grove picked.
      expect(fromReport.totals.merged).toBe(6);

      // Door 3: the demo's report function, over the run's tasks.
      const fromDemo = demoReport(
        ctx,
        fromReport.tasks.map((t) => t.id),
      );

      // Door 4: the dashboard's report API.
      const dashboard = await startDashboard(ctx, { port: 0 });
      let fromDashboard: ReportView;
      try {
        const res = await fetch(new URL('/api/report', dashboard.url), {
          headers: { 'x-grove-token': dashboard.token },
        });
        expect(res.status).toBe(200);
        fromDashboard = ReportViewSchema.parse(await res.json());
      } finally {
        await dashboard.close();
      }

      expect(timeless(fromRun!)).toEqual(timeless(fromReport));
      expect(timeless(fromDemo)).toEqual(timeless(fromReport));
      const { markdown, ...view } = fromDashboard;
      expect(timelessView(view)).toEqual(timelessView(toReportView(fromReport)));
      expect(timelessMarkdown(markdown)).toBe(timelessMarkdown(renderReportMarkdown(fromReport)));
      expect(markdown).toContain('fix iterations: 1');
    } finally {
      ctx.close();
    }
  }, 120_000);
});
