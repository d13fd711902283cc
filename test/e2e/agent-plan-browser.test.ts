// The dashboard's task page shows the plan a task's agent wrote (`agent_plan`) in a real browser: while
// it waits for review, and marked approved once `grove approve` approved it.
import { afterAll, describe, expect, it } from 'vitest';
import { artifact, browserMissing, launchBrowser } from '../helpers/browser.js';
import type { TestBrowser } from '../helpers/browser.js';
import { startDashboardProcess } from '../helpers/dashboard-process.js';
import type { DashboardProcess } from '../helpers/dashboard-process.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { project } from './run-helpers.js';

const missing = browserMissing();
if (missing) console.warn(`skipping the agent plan browser test: ${missing}`);

const SCRIPT = [
  'runs:',
  '  1:',
  '    - plan: "1. Add src/t/index.js.\\n2. Test it with node --test."',
  '',
].join('\n');

describe.skipIf(missing !== undefined)('the task page shows the agent plan', () => {
  let p: GroveProject | undefined;
  let dashboard: DashboardProcess | undefined;
  let browser: TestBrowser | undefined;
  afterAll(async () => {
    await browser?.close();
    await dashboard?.stop();
    p?.cleanup();
  });

  it('while it waits for review, then as approved', async () => {
    p = project({ t: SCRIPT }, 'review: { agent_plan: true }\n');
    expect(p.grove('run', '--no-dashboard').code).toBe(1);
    [dashboard, browser] = await Promise.all([startDashboardProcess(p.root), launchBrowser()]);
    const page = await browser.context.newPage();
    await page.goto(dashboard.url);
    await page.goto(`${dashboard.origin}/#/task/t`);
    const block = page.getByTestId('agent-plan');
    await block.waitFor({ timeout: 10_000 });
    expect(await block.textContent()).toContain('waits for your review');
    expect(await block.locator('pre').textContent()).toBe(
      '1. Add src/t/index.js.\n2. Test it with node --test.',
    );
    await page.screenshot({ path: artifact('agent-plan-task-page.png'), fullPage: true });

    expect(p.grove('approve', 't').code).toBe(0);
    await page.reload();
    await page.getByTestId('agent-plan').filter({ hasText: 'approved' }).waitFor({ timeout: 10_000 });
  }, 60_000);
});
