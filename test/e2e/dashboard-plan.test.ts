// Issue 18, plan approval from the dashboard: the plan page shows what `grove plan` shows (tasks by wave,
// ownership, dependencies, acceptance commands, budgets, overlaps) and each spec against the latest
// approval; its button is the same task command as `grove plan --approve`. The real `grove dashboard`,
// a real Chromium, real git, the real state database.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openProject } from '../../src/app/context.js';
import { browserMissing, launchBrowser } from '../helpers/browser.js';
import type { TestBrowser } from '../helpers/browser.js';
import type { DashboardProcess } from '../helpers/dashboard-process.js';
import { startDashboardProcess } from '../helpers/dashboard-process.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { makeGroveProject } from '../helpers/grove-project.js';

const missing = browserMissing();

const spec = (id: string, front: string): string =>
  `---\nid: ${id}\ntitle: Task ${id}\n${front}---\nDo ${id}.\n`;

describe.skipIf(missing !== undefined)('the dashboard plan page, in a real browser', () => {
  let p: GroveProject;
  let dashboard: DashboardProcess;
  let browser: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    p = makeGroveProject({
      config: 'review: { plan: required }\nbudgets: { tokens: 300000 }\n',
      files: {
        '.grove/tasks/api.md': spec('api', 'owns: ["src/api/**", "src/shared.js"]\naccept: ["npm test"]\n'),
        '.grove/tasks/ui.md': spec(
          'ui',
          'owns: ["src/ui/**", "src/shared.js"]\nbudget: { tokens: 180000 }\npriority: 1\n',
        ),
        '.grove/tasks/docs.md': spec('docs', 'owns: ["docs/**"]\ndepends_on: [api]\n'),
      },
    });
    dashboard = await startDashboardProcess(p.root);
    browser = await launchBrowser();
    page = await browser.context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await dashboard?.stop();
    p?.cleanup();
  });

  it('shows the plan, approves it with one click, and puts a spec edited afterwards back to waiting', async () => {
    await page.goto(`${dashboard.url}#/plan`);
    const plan = page.getByTestId('plan');
    await plan.waitFor({ timeout: 15_000 });
    await expect.poll(() => page.getByTestId('plan-approval').innerText()).toContain('Not approved yet.');
    expect(await page.getByTestId('plan-approval').innerText()).toContain('3 specs wait for approval');
    // Waves: api and ui together, docs after api.
    const wave1 = await page.getByTestId('wave-1').innerText();
    expect(wave1).toMatch(/api/);
    expect(wave1).toMatch(/ui/);
    expect(await page.getByTestId('wave-2').innerText()).toMatch(/docs/);
    const api = await page.getByTestId('plan-task-api').innerText();
    expect(api).toContain('src/api/**, src/shared.js');
    expect(api).toContain('npm test');
    expect(api).toContain('300,000'); // the config's default budget
    expect(api).toContain('not approved yet');
    const ui = await page.getByTestId('plan-task-ui').innerText();
    expect(ui).toContain('180,000'); // its own budget
    // Overlapping owns in one wave: ui goes first (priority 1), api once ui is merged.
    expect(ui).not.toContain('after');
    expect(api).toContain('after ui (src/shared.js)');
    expect(await page.getByTestId('plan-task-docs').innerText()).toContain('api'); // depends on
    expect(await page.getByTestId('plan-overlaps').innerText()).toContain('src/shared.js');
    // The spec review shows in the approval: ui has no accept command (the plan runs regardless).
    expect(await page.getByTestId('spec-review').innerText()).toMatch(
      /\.grove\/tasks\/ui\.md:1: accept: no `accept` command proves the task done/,
    );

    await page.getByTestId('approve-plan').click();
    await expect.poll(() => page.getByTestId('approve-plan').innerText()).toBe('Plan approved');
    for (const id of ['api', 'ui', 'docs']) {
      expect(await page.getByTestId(`plan-task-${id}`).innerText()).toContain('approved');
    }
    expect(await page.getByTestId('plan-approval').innerText()).toContain('Approved by dashboard');
    const ctx = await openProject(p.root);
    try {
      const latest = ctx.stores.planApprovals.latest();
      expect(latest?.by).toBe('dashboard');
      expect([...(latest?.specs.keys() ?? [])].sort()).toEqual(['api', 'docs', 'ui']);
    } finally {
      ctx.close();
    }

    // Someone edits one spec: just that task waits again, and the page says so after a reload.
    writeFileSync(
      join(p.root, '.grove/tasks/docs.md'),
      spec('docs', 'owns: ["docs/**"]\ndepends_on: [api]\naccept: ["test -d docs"]\n'),
    );
    await page.reload();
    await expect
      .poll(() => page.getByTestId('plan-task-docs').innerText(), { timeout: 15_000 })
      .toContain('changed since approval');
    expect(await page.getByTestId('plan-task-api').innerText()).toContain('approved');
    expect(await page.getByTestId('plan-approval').innerText()).toContain('1 spec waits for approval');
  }, 120_000);

  it('shows a plan with errors and offers no approval', async () => {
    writeFileSync(join(p.root, '.grove/tasks/bad.md'), spec('bad', 'owns: []\n'));
    await page.goto(`${dashboard.url}#/plan`);
    await page.reload();
    const errors = page.getByTestId('plan-errors');
    await errors.waitFor({ timeout: 15_000 });
    expect(await errors.innerText()).toContain('.grove/tasks/bad.md');
    expect(await page.getByTestId('approve-plan').count()).toBe(0);
  }, 60_000);
});
