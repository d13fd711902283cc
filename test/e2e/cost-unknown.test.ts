// Cost for agents that report none (issue 24): a real `grove run` of the scripted agent, one task's
// script reporting no cost (as Codex and Gemini do) and one reporting Claude's `total_cost_usd`. The
// report, `grove run`'s closing report, the dashboard's task and report say "unknown" for the first,
// never $0.00; with a price for its model in config `prices`, grove prices its tokens — and only its:
// the cost an agent reported is kept.
import { afterEach, describe, expect, it } from 'vitest';
import { openProject } from '../../src/app/context.js';
import { startDashboard } from '../../src/app/dashboard/start.js';
import type { CycleReport } from '../../src/core/report/index.js';
import { ReportViewSchema, TaskDetailSchema } from '../../src/shared/api.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { project } from './run-helpers.js';

let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

const script = (id: string, reportCost: boolean): string =>
  [
    `report_cost: ${reportCost}`,
    'default_usage: { input: 0, output: 0 }',
    'steps:',
    `  - write: { path: src/${id}/index.js, content: "export const v = 1;\\n" }`,
    '    usage: { input: 20000, output: 2000 }',
    `  - commit: 'Add ${id}'`,
    `  - result: { summary: 'added ${id}' }`,
    '',
  ].join('\n');
const GATES = 'gates:\n  test: [node, -e, "0"]\n';

async function dashboardCosts(root: string): Promise<{ card: unknown; report: unknown }> {
  const ctx = await openProject(root);
  try {
    const dashboard = await startDashboard(ctx, { port: 0 });
    try {
      const get = async (path: string): Promise<unknown> => {
        const res = await fetch(new URL(path, dashboard.url), {
          headers: { 'x-grove-token': dashboard.token },
        });
        expect(res.status).toBe(200);
        return res.json();
      };
      const task = TaskDetailSchema.parse(await get('/api/tasks/silent')).task.tokens;
      const report = ReportViewSchema.parse(await get('/api/report'));
      return {
        card: { costUsd: task.costUsd, costUnknown: task.costUnknown },
        report: { ...report.tasks.find((t) => t.id === 'silent'), total: report.totals.costUnknown },
      };
    } finally {
      await dashboard.close();
    }
  } finally {
    ctx.close();
  }
}

describe('cost of agents that report none', () => {
  it('is unknown, not $0.00, until a price for the model is configured', async () => {
    p = project({ silent: script('silent', false), priced: script('priced', true) }, GATES);
    const run = p.grove('run', '--json', '--no-dashboard', '--no-keep-open');
    expect(run.code, run.stderr).toBe(0);
    const done = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; report?: CycleReport })
      .find((l) => l.type === 'done');
    const byId = new Map(done!.report!.tasks.map((t) => [t.id, t]));
    expect(byId.get('silent')).toMatchObject({ costUsd: 0, costUnknown: true });
    // The scripted agent's own price: 20k × $3 + 2k × $15 per million.
    expect(byId.get('priced')).toMatchObject({ costUsd: 0.09, costUnknown: false });
    expect(done!.report!.totals).toMatchObject({ costUsd: 0.09, costUnknown: true });

    const md = p.grove('report');
    expect(md.stdout).toMatch(/\| `silent` Task silent \| merged \|[^\n]*\| 22,000 \| unknown \|/);
    expect(md.stdout).toMatch(/\| `priced` Task priced \| merged \|[^\n]*\| 22,000 \| \$0\.09 \|/);
    expect(md.stdout).toContain('- Cost: ≥ $0.09 (an agent reported no cost');
    // The human closing report of `grove run` is the same Markdown.
    expect(await dashboardCosts(p.root)).toEqual({
      card: { costUsd: 0, costUnknown: true },
      report: expect.objectContaining({ costUsd: 0, costUnknown: true, total: true }) as unknown,
    });

    // A price for the model the agent reported (`scripted-sonnet`): its tokens are priced; the agent
    // that reported its cost keeps it (at this price it would be $0.30).
    p.commit('price the scripted model', {
      '.grove/config.yaml': `${GATES}prices:\n  scripted-sonnet: { input_per_mtok: 10, output_per_mtok: 50 }\n`,
    });
    const json = JSON.parse(p.grove('report', '--json').stdout) as CycleReport;
    const priced = new Map(json.tasks.map((t) => [t.id, t]));
    expect(priced.get('silent')).toMatchObject({ costUsd: 0.3, costUnknown: false });
    expect(priced.get('priced')).toMatchObject({ costUsd: 0.09, costUnknown: false });
    expect(json.totals).toMatchObject({ costUsd: 0.39, costUnknown: false });
    expect(await dashboardCosts(p.root)).toEqual({
      card: { costUsd: 0.3, costUnknown: false },
      report: expect.objectContaining({ costUsd: 0.3, costUnknown: false, total: false }) as unknown,
    });
  }, 90_000);
});
