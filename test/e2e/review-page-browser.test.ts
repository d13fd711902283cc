// Issue 18, the dashboard review page in a real browser: a task waits in review (the scripted agent,
// `review.code: required`) → the page shows it → a comment on a line and "Request changes" → the comment
// reaches the agent's resumed session (same session, file:line and the quoted code in its prompt) → back
// in review, "changes since my last review" shows just the fix → "Approve" → the queue merges it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openProject } from '../../src/app/context.js';
import { ReviewQueueSchema } from '../../src/shared/api.js';
import { artifact, browserMissing, launchBrowser } from '../helpers/browser.js';
import type { TestBrowser } from '../helpers/browser.js';
import { startDashboardProcess } from '../helpers/dashboard-process.js';
import type { DashboardProcess } from '../helpers/dashboard-process.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { project } from './run-helpers.js';
import { RENAME_SCRIPT, REVIEW_CONFIG } from './review-fixtures.js';

const missing = browserMissing();
if (missing) console.warn(`skipping the review page browser test: ${missing}`);

const CONFIG = REVIEW_CONFIG;
const SPEC = [
  '---',
  'id: t',
  'title: Task t',
  'owns: ["src/t/**"]',
  '---',
  'Add the constants of t.',
  '',
  '## Acceptance',
  '- `v` and `w` are exported.',
  '- Names are clear.',
  '',
].join('\n');

const SCRIPT = RENAME_SCRIPT;

let p: GroveProject | undefined;
let dashboard: DashboardProcess | undefined;
let browser: TestBrowser | undefined;
afterEach(async () => {
  await browser?.close();
  await dashboard?.stop();
  p?.cleanup();
});

async function taskNow(root: string): Promise<{ state: string; sessions: string[]; kinds: string[] }> {
  const ctx = await openProject(root);
  try {
    const attempts = ctx.stores.attempts.listForTask('t');
    return {
      state: ctx.store.require('t').state,
      sessions: attempts.map((a) => a.session_id ?? ''),
      kinds: attempts.map((a) => a.kind),
    };
  } finally {
    ctx.close();
  }
}

function runUntilSettled(g: GroveProject, expectCode: number): void {
  const run = g.grove('run', '--no-dashboard');
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect({ code: run.code, out: run.stdout + run.stderr }).toMatchObject({ code: expectCode });
}

/** The text of the changed lines (added or deleted, not context) a diff container shows. */
async function changedRows(page: Page, container: string): Promise<string[]> {
  return page
    .getByTestId(container)
    .locator(
      '.diff-line-content-item:has(> [data-operator]) :is(.diff-line-content-raw, .diff-line-syntax-raw)',
    )
    .allInnerTexts();
}

describe.skipIf(missing !== undefined)('the review page in a real browser', () => {
  it('comments on a line, requests changes, shows only the fix since the last review, approves, lands', async () => {
    p = project({ t: SCRIPT }, CONFIG, { t: SPEC });
    runUntilSettled(p, 1); // the task waits for a person
    expect((await taskNow(p.root)).state).toBe('review');

    [dashboard, browser] = await Promise.all([startDashboardProcess(p.root), launchBrowser()]);
    // The API: the queue, oldest first with its waiting time; an unknown task is a clear 404.
    const token = new URL(dashboard.url).searchParams.get('token') ?? '';
    const get = (path: string) =>
      fetch(`${dashboard!.origin}${path}`, { headers: { 'x-grove-token': token } });
    const queue = ReviewQueueSchema.parse(await (await get('/api/review')).json());
    expect(queue.tasks.map((t) => t.id)).toEqual(['t']);
    expect(queue.tasks[0]!.waitingMs).toBeGreaterThanOrEqual(0);
    const unknown = await get('/api/review/nope');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'TASK_NOT_FOUND' } });
    const page = await browser.context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.stack ?? e.message));
    page.on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()));
    await page.goto(dashboard.url);
    // The nav says one task waits; the queue lists it.
    await page.getByTestId('nav-review').filter({ hasText: 'Review (1)' }).waitFor();
    await page.getByTestId('nav-review').click();
    await page.getByTestId('review-queue-item').filter({ hasText: 't' }).click();
    await page
      .getByTestId('review-page')
      .waitFor({ timeout: 10_000 })
      .catch(async (e: unknown) => {
        await page.screenshot({ path: artifact('review-page-failed.png'), fullPage: true });
        throw new Error(`the review page did not show (page errors: ${pageErrors.join('; ') || 'none'})`, {
          cause: e,
        });
      });
    expect(page.url()).toContain('#/review/t');

    // What a reviewer reads first: the criteria as a checklist, the gates, the agent's summary.
    const criteria = page.getByTestId('criteria');
    expect((await criteria.locator('li').allInnerTexts()).map((c) => c.trim())).toEqual([
      '`v` and `w` are exported.',
      'Names are clear.',
    ]);
    expect(await page.getByTestId('review-gate').allInnerTexts()).toEqual(
      expect.arrayContaining([expect.stringContaining('✓ test · exit 0')]),
    );
    expect(await page.getByTestId('agent-summary').innerText()).toBe('added t');
    expect(await page.getByTestId('since-last-toggle').isDisabled()).toBe(true); // never reviewed yet

    const file = page.locator('[data-testid="review-file"][data-path="src/t/index.js"]');
    await file.getByTestId('review-diff').getByText('export const v = 1;').waitFor();
    expect(await page.getByTestId('viewed-count').innerText()).toContain('0 of 1 files viewed');
    await file.getByTestId('viewed-toggle').check();
    expect(await page.getByTestId('viewed-count').innerText()).toContain('1 of 1 files viewed');
    await file.getByTestId('viewed-toggle').uncheck(); // a viewed file folds; open it again to comment

    // Click line 1 of the new side, write the comment, then request changes with a message.
    await file.getByTestId('review-diff').getByText('export const v = 1;').click();
    const box = file.getByTestId('comment-box');
    expect(pageErrors).toEqual([]);
    await box.locator('textarea').fill('call it value');
    await box.getByRole('button', { name: 'Add comment' }).click();
    await file.getByTestId('review-comment').filter({ hasText: 'src/t/index.js:1 call it value' }).waitFor();
    await page.getByTestId('request-message').fill('please use clearer names');
    await page.getByTestId('request-changes').filter({ hasText: '(1 comment)' }).click();
    await page.getByTestId('review-outcome').waitFor();
    const sent = await page.getByTestId('review-outcome').innerText();
    expect(sent).not.toMatch(/refused|error/i);
    expect((await taskNow(p.root)).state).toBe('ready');
    await page.screenshot({ path: artifact('review-page-request-changes.png'), fullPage: true });
    // Mark it viewed now: the fix changes it, so the mark must not survive.
    await file.getByTestId('viewed-toggle').check();

    // The fix iteration: the SAME session, resumed with the comment and the quoted code.
    runUntilSettled(p, 1);
    const back = await taskNow(p.root);
    expect(back.state).toBe('review');
    expect(back.kinds).toEqual(['initial', 'fix']);
    expect(new Set(back.sessions).size).toBe(1);
    const home = join(p.root, '.git', 'grove', 'homes', 't', 'scripted', 'scripted-agent');
    const prompt = readFileSync(join(home, 't.run-2.prompt.txt'), 'utf8');
    expect(prompt).toContain('please use clearer names');
    expect(prompt).toContain('src/t/index.js:1\n> export const v = 1;\ncall it value');

    await page.reload();
    await page.getByTestId('review-page').waitFor();
    await page.getByTestId('review-state').filter({ hasText: 'review' }).waitFor();
    // The file changed since it was marked viewed: it is not viewed any more, and says why.
    await file.getByText('changed since you viewed it').waitFor();
    expect(await file.getByTestId('viewed-toggle').isChecked()).toBe(false);
    // The whole diff shows both lines as added; "changes since my last review" only the fix.
    await file.getByTestId('review-diff').getByText('export const value = 1;').waitFor();
    expect(await changedRows(page, 'full-diff')).toEqual(['export const value = 1;', 'export const w = 2;']);
    await page.getByTestId('since-last-toggle').check();
    await page
      .getByTestId('interdiff-info')
      .filter({ hasText: '1 file(s) changed since changes-requested' })
      .waitFor();
    await page.getByTestId('interdiff').getByText('export const value = 1;').waitFor();
    expect(await changedRows(page, 'interdiff')).toEqual(['export const v = 1;', 'export const value = 1;']);
    await page.screenshot({ path: artifact('review-page-since-last.png'), fullPage: true });
    // Keyboard: `?` lists the shortcuts, `u` turns the diff side by side (the new side on the right).
    await page.keyboard.press('?');
    expect(await page.getByTestId('shortcuts').innerText()).toContain('approve');
    await page.keyboard.press('u');
    await page.getByTestId('interdiff').locator('.diff-line-new-content').first().waitFor();
    expect(await page.getByTestId('split-toggle').isChecked()).toBe(true);
    await page.keyboard.press('u');

    await page.getByTestId('approve').click();
    await page.getByTestId('review-outcome').filter({ hasText: 'approved' }).waitFor();
    expect((await taskNow(p.root)).state).toBe('queued');
    // A second approval is refused (409) and says so on the page.
    await page.getByTestId('approve').click();
    await page.getByTestId('review-outcome').filter({ hasText: 'STATE_INVALID' }).waitFor();
    expect(await page.getByTestId('review-outcome').getAttribute('class')).toBe('error');

    runUntilSettled(p, 0);
    expect((await taskNow(p.root)).state).toBe('merged');
    expect(p.git('show', 'main:src/t/index.js')).toBe('export const value = 1;\nexport const w = 2;\n');
  }, 180_000);
});
