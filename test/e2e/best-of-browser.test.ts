// Best-of-N on the review page in a real browser (issue 21): the attempts side by side, grove's pick
// marked, a link to each, and the diff between two attempts; `grove review` prints the same ranking.
import { afterEach, describe, expect, it } from 'vitest';
import { artifact, browserMissing, launchBrowser } from '../helpers/browser.js';
import type { TestBrowser } from '../helpers/browser.js';
import { startDashboardProcess } from '../helpers/dashboard-process.js';
import type { DashboardProcess } from '../helpers/dashboard-process.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { bestOfProject, script } from './best-of-fixtures.js';

const missing = browserMissing();
if (missing) console.warn(`skipping the best-of browser test: ${missing}`);

let p: GroveProject | undefined;
let dashboard: DashboardProcess | undefined;
let browser: TestBrowser | undefined;
afterEach(async () => {
  await browser?.close();
  await dashboard?.stop();
  p?.cleanup();
});

describe.skipIf(missing !== undefined)('best-of on the review page', () => {
  it('shows the ranked attempts with the pick and the diff between two of them', async () => {
    p = bestOfProject([script(1, true), script(40), script(2)], 'required');
    const run = p.grove('run', '--no-dashboard');
    expect({ code: run.code, out: run.stdout + run.stderr }).toMatchObject({ code: 1 }); // waits for a person

    const review = p.grove('review', 'pick-try2');
    expect(review.stdout).toContain('Best of 3 (pick):');
    expect(review.stdout).toMatch(/ {2}1\. pick-try3 \(review\) \[grove’s pick\]: passed every gate/);
    expect(review.stdout).toMatch(/> 2\. pick-try2 \(review\): .*pick-try3 is smaller or cheaper/);
    expect(review.stdout).toMatch(/ {2}3\. pick-try1 \(abandoned\)/);

    [dashboard, browser] = await Promise.all([startDashboardProcess(p.root), launchBrowser()]);
    const token = new URL(dashboard.url).searchParams.get('token') ?? '';
    const refused = await fetch(`${dashboard.origin}/api/review/pick-try2/compare/after`, {
      headers: { 'x-grove-token': token },
    });
    expect(refused.ok).toBe(false);
    expect(JSON.stringify(await refused.json())).toContain('after is not another attempt of pick');

    const page = await browser.context.newPage();
    await page.goto(dashboard.url.replace(/#.*$/, '') + '#/review/pick-try2');
    const panel = page.getByTestId('best-of');
    await panel.waitFor({ timeout: 10_000 }).catch(async (e: unknown) => {
      await page.screenshot({ path: artifact('best-of-failed.png'), fullPage: true });
      throw e;
    });
    const rows = (await panel.getByTestId('best-of-attempt').allInnerTexts()).map((r) =>
      r.split('\t').slice(0, 3),
    );
    expect(rows.map((r) => r.map((c) => c.trim()))).toEqual([
      ['1', 'pick-try3 grove’s pick', 'review'],
      ['2', 'pick-try2', 'review'],
      ['3', 'pick-try1', 'abandoned'],
    ]);
    await panel.getByTestId('best-of-compare').selectOption('pick-try3');
    const diff = panel.getByTestId('best-of-diff');
    await diff.waitFor();
    expect(await diff.innerText()).toContain('What pick-try3 does differently from pick-try2 (1 file)');
    expect(await diff.innerText()).toContain('-export const v39 = 39;');
    // The link opens the other attempt's own review.
    await panel.getByRole('link', { name: 'pick-try3' }).click();
    await page.waitForURL(/#\/review\/pick-try3$/);
  });
});
