// Issue 20 on the dashboard: the Learnings page shows AGENTS.md against its size budget (config
// agents_md) with its entries, and the person retires one with a click — the same as
// `grove retro --retire`. The real `grove dashboard`, a real Chromium, real files.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { browserMissing, launchBrowser } from '../helpers/browser.js';
import type { TestBrowser } from '../helpers/browser.js';
import type { DashboardProcess } from '../helpers/dashboard-process.js';
import { startDashboardProcess } from '../helpers/dashboard-process.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { makeGroveProject } from '../helpers/grove-project.js';

const missing = browserMissing();
const AGENTS = '# AGENTS.md\n\n## STYLE\n- Never use default exports.\n- Use tabs for indentation.\n';

let p: GroveProject | undefined;
let dashboard: DashboardProcess | undefined;
let browser: TestBrowser | undefined;
afterEach(async () => {
  await browser?.close();
  await dashboard?.stop();
  p?.cleanup();
});

describe.skipIf(missing !== undefined)('the Learnings page: AGENTS.md and its budget', () => {
  it('shows the size against the budget and retires an entry with a click', async () => {
    p = makeGroveProject({
      config: 'agents_md: { max_lines: 50, max_entries_per_section: 1 }\n',
      tasks: ['t'],
      files: { 'AGENTS.md': AGENTS },
    });
    [dashboard, browser] = await Promise.all([startDashboardProcess(p.root), launchBrowser()]);
    const page = await browser.context.newPage();
    page.on('dialog', (d) => void d.accept());
    await page.goto(`${dashboard.url}#/learnings`);
    const size = page.getByTestId('agents-md-size');
    await size.waitFor({ timeout: 15_000 });
    expect(await size.innerText()).toBe('5 of 50 lines; entries per section: STYLE 2/1');
    expect(await page.getByTestId('agents-md').innerText()).toContain(
      'over budget: STYLE has 2 entries, over its budget of 1',
    );
    await page.getByRole('button', { name: 'retire Use tabs for indentation.' }).click();
    await page.locator('.result-done').filter({ hasText: 'retired' }).waitFor();
    expect(readFileSync(join(p.root, 'AGENTS.md'), 'utf8')).toBe(
      AGENTS.replace('- Use tabs for indentation.\n', ''),
    );
    await page.getByTestId('agents-md-size').filter({ hasText: 'STYLE 1/1' }).waitFor();
    expect(await page.getByTestId('agents-md-entry').allInnerTexts()).toEqual([
      expect.stringContaining('Never use default exports.'),
    ]);
  }, 60_000);
});
