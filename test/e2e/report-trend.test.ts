// Issue 20, proof over cycles: tasks planned once the previous cycle is finished start the next cycle,
// and `grove report --trend` shows per cycle whether compounding works. Two real cycles (the scripted
// agent, real gates, the real queue); the test recomputes the figures from the journal itself.
import { afterEach, describe, expect, it } from 'vitest';
import { openProject } from '../../src/app/context.js';
import type { TrendRow } from '../../src/core/report/trend.js';
import { browserMissing, launchBrowser } from '../helpers/browser.js';
import { startDashboardProcess } from '../helpers/dashboard-process.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { brokenThenFixed, project, scriptedTask, writeScript } from './run-helpers.js';

let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

const CONFIG = 'gates:\n  test: [sh, -c, "! grep -rq BROKEN src"]\n';

describe('grove report --trend', () => {
  it('numbers cycles and shows each one’s figures, equal to what the journal holds', async () => {
    p = project({ a1: brokenThenFixed('a1'), a2: writeScript('a2', 2000) }, CONFIG);
    expect(p.grove('run', '--no-dashboard').code).toBe(0);
    // The next plan: new tasks after every task of cycle 1 merged.
    p.write({
      '.grove/tasks/b1.md': scriptedTask('b1'),
      '.grove/scripts/b1.yaml': writeScript('b1', 1000),
      '.grove/tasks/b2.md': scriptedTask('b2'),
      '.grove/scripts/b2.yaml': writeScript('b2', 1000),
    });
    p.commit('cycle 2');
    expect(p.grove('run', '--no-dashboard').code).toBe(0);

    const trend = p.grove('report', '--trend', '--json');
    expect(trend.code, trend.stderr).toBe(0);
    const rows = JSON.parse(trend.stdout) as TrendRow[];
    expect(rows.map((r) => [r.cycle, r.tasks, r.merged])).toEqual([
      [1, 2, 2],
      [2, 2, 2],
    ]);
    expect(rows.map((r) => r.firstPassRate)).toEqual([0.5, 1]);
    expect(rows.map((r) => r.fixIterationsPerTask)).toEqual([0.5, 0]);

    // The same figures, recomputed from the journal (state events and usage rows), not from the report.
    const ctx = await openProject(p.root);
    try {
      for (const row of rows) {
        const ids = ctx.store
          .list()
          .filter((t) => t.cycle === row.cycle)
          .map((t) => t.id);
        const states = ids.map((id) => ctx.stores.journal.forTask(id, ['state']).map((e) => e.data));
        const merged = states.filter((s) => s.some((d) => d.to === 'merged')).length;
        const fixes = states.flat().filter((d) => d.to === 'fixing' && d.kind !== 'conflict').length;
        const usage = ctx.stores.usage.perTask();
        const tokens = ids.reduce((n, id) => n + (usage[id]?.total ?? 0), 0);
        expect(row.merged).toBe(merged);
        expect(row.fixIterationsPerTask).toBe(fixes / ids.length);
        expect(row.tokensPerMerged).toBe(tokens / merged);
      }
    } finally {
      ctx.close();
    }
    expect(rows[0]?.tokensPerMerged).toBe((3000 + 1000 + 2000) / 2);
    expect(rows[1]?.tokensPerMerged).toBe(1000);

    const text = p.grove('report', '--trend');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('grove trend — 2 cycles (1: 2/2 merged, 2: 2/2 merged)');
    expect(text.stdout).toMatch(/first-pass gate rate\s+\S\S {2}50% {2}→ {2}100% {2}\(higher is better\)/);
    // One cycle's report still works by number.
    expect(p.grove('report', '--cycle', '1', '--json').code).toBe(0);
    const bad = p.grove('report', '--trend', '--cycle', '1');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--trend covers every cycle');

    // The dashboard's Trends page: the same rows, drawn as charts in a real browser.
    if (browserMissing()) return;
    const dashboard = await startDashboardProcess(p.root);
    const browser = await launchBrowser();
    try {
      const token = new URL(dashboard.url).searchParams.get('token') ?? '';
      const api = await fetch(`${dashboard.origin}/api/trend?token=${token}`);
      expect(await api.json()).toEqual(rows);
      const page = await browser.context.newPage();
      await page.goto(`${dashboard.url}#/trends`);
      const chart = page.getByTestId('trend-firstPassRate');
      await chart.waitFor({ timeout: 15_000 });
      expect(await chart.locator('circle').count()).toBe(2);
      expect(await chart.innerText()).toMatch(/50%[\s\S]*100%/);
      expect(await page.getByTestId('trends').innerText()).toContain(
        'cycle 1 merged 2 of 2, cycle 2 merged 2 of 2',
      );
    } finally {
      await browser.close();
      await dashboard.stop();
    }
  }, 180_000);
});
