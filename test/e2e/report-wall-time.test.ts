// The cycle report's time does not stop at the last merge (issue 24): a real `grove run` of the scripted
// agent in which one task merges at once and another works on for seconds and then blocks. The report
// of the run, `grove report` and the dashboard's report all give the cycle's wall time from the first
// start until the run settled, past the last merge, and within the run's own time.
import { afterEach, describe, expect, it } from 'vitest';
import { openProject } from '../../src/app/context.js';
import { startDashboard } from '../../src/app/dashboard/start.js';
import type { CycleReport } from '../../src/core/report/index.js';
import { ReportViewSchema } from '../../src/shared/api.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { project, writeScript } from './run-helpers.js';

let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

const SLOW_BLOCK = [
  'steps:',
  '  - sleep: 8000',
  "  - result: { status: blocked, summary: 'needs a decision', reason: 'which database?' }",
  '',
].join('\n');

describe('grove run: the cycle wall time', () => {
  it('runs from the first start until the run settled, past the last merge', async () => {
    p = project({ fast: writeScript('fast'), slow: SLOW_BLOCK }, 'gates:\n  test: [node, -e, "0"]\n');
    const started = Date.now();
    const run = p.grove('run', '--json', '--no-dashboard', '--no-keep-open');
    const elapsed = Date.now() - started;
    const done = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; report?: CycleReport })
      .find((l) => l.type === 'done');
    const totals = done?.report?.totals;
    expect(totals, run.stdout + run.stderr).toBeDefined();
    expect(totals!.merged).toBe(1);
    expect(totals!.byState).toMatchObject({ merged: 1, blocked: 1 });
    expect(totals!.settled).toBe(true);
    // The slow task blocked seconds after the fast one merged: the cycle's time includes them.
    expect(totals!.spanMs).not.toBeNull();
    expect(totals!.wallMs!).toBeGreaterThanOrEqual(8000);
    expect(totals!.wallMs! - totals!.spanMs!).toBeGreaterThan(1000);
    expect(totals!.wallMs!).toBeLessThanOrEqual(elapsed);

    // `grove report` says the same, as JSON and in its Markdown.
    const reported = p.grove('report', '--json');
    expect(reported.code, reported.stderr).toBe(0);
    expect((JSON.parse(reported.stdout) as CycleReport).totals.wallMs).toBe(totals!.wallMs);
    const md = p.grove('report');
    expect(md.stdout).toMatch(/The cycle took \d+s from the first start until the run settled\./);
    expect(md.stdout).toMatch(/- Wall time: \d+s \(first start to settled; \d+(ms|s) to the last merge\)/);

    // And the dashboard's report.
    const ctx = await openProject(p.root);
    try {
      const dashboard = await startDashboard(ctx, { port: 0 });
      try {
        const res = await fetch(new URL('/api/report', dashboard.url), {
          headers: { 'x-grove-token': dashboard.token },
        });
        const view = ReportViewSchema.parse(await res.json());
        expect([view.totals.wallMs, view.totals.settled]).toEqual([totals!.wallMs, true]);
      } finally {
        await dashboard.close();
      }
    } finally {
      ctx.close();
    }
  }, 90_000);
});
