// Issue 18 on the dashboard's review page, in a real browser: "keep as a lesson" turns the reviewer's
// line comment into a learning proposal, and a file's "discard" drops its changes (committed on the task
// branch, gates run again) — the same task commands as `grove request-changes --lesson` and
// `grove discard`. The scripted agent, real git, the real queue.
import { afterEach, describe, expect, it } from 'vitest';
import { openProject } from '../../src/app/context.js';
import { browserMissing, launchBrowser } from '../helpers/browser.js';
import type { TestBrowser } from '../helpers/browser.js';
import { startDashboardProcess } from '../helpers/dashboard-process.js';
import type { DashboardProcess } from '../helpers/dashboard-process.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { project } from './run-helpers.js';

const missing = browserMissing();

const CONFIG = 'gates:\n  test: [node, -e, "0"]\nreview: { code: required }\n';
const SCRIPT = [
  'runs:',
  '  1:',
  '    - write: { path: src/t/index.js, content: "export const v = 1;\\n" }',
  '    - write: { path: src/t/debug.js, content: "console.log(1);\\n" }',
  "    - commit: 'Add t and a debug file'",
  "    - result: { status: completed, summary: 'added t' }",
  '  default:',
  '    - edit: { path: src/t/index.js, find: "const v", replace: "const value" }',
  "    - commit: 'Rename v'",
  "    - result: { status: completed, summary: 'renamed v' }",
  '',
].join('\n');

let p: GroveProject | undefined;
let dashboard: DashboardProcess | undefined;
let browser: TestBrowser | undefined;
afterEach(async () => {
  await browser?.close();
  await dashboard?.stop();
  p?.cleanup();
});

async function stateOf(root: string): Promise<string> {
  const ctx = await openProject(root);
  try {
    return ctx.store.require('t').state;
  } finally {
    ctx.close();
  }
}

function runToReview(g: GroveProject): void {
  const run = g.grove('run', '--no-dashboard');
  expect(run.stdout + run.stderr).toMatch(/t\s+review: /);
}

describe.skipIf(missing !== undefined)('the review page: lessons and discards', () => {
  it('keeps a comment as a lesson, discards a file, and lands only what was kept', async () => {
    p = project({ t: SCRIPT }, CONFIG);
    runToReview(p);
    [dashboard, browser] = await Promise.all([startDashboardProcess(p.root), launchBrowser()]);
    const page = await browser.context.newPage();
    page.on('dialog', (d) => void d.accept()); // "Discard the task's changes to …?"
    await page.goto(`${dashboard.url}#/review/t`);
    const index = page.locator('[data-testid="review-file"][data-path="src/t/index.js"]');
    await index.getByTestId('review-diff').getByText('export const v = 1;').click();
    await index.getByTestId('comment-box').locator('textarea').fill('Exported names use whole words');
    await index.getByTestId('comment-box').getByRole('button', { name: 'Add comment' }).click();
    await page.getByTestId('request-message').fill('one naming rule');
    await page.getByTestId('request-lesson').check();
    await page.getByTestId('request-changes').click();
    await page.getByTestId('review-outcome').filter({ hasText: 'kept as a lesson' }).waitFor();
    expect(await stateOf(p.root)).toBe('ready');
    const retro = JSON.parse(p.grove('retro', '--json').stdout) as Array<{
      entry: string;
      evidence: Array<{ source: string; files?: string[] }>;
    }>;
    expect(retro.find((l) => l.entry.includes('whole words'))?.evidence).toEqual([
      { task: 't', source: 'review', files: ['src/t/index.js'] },
    ]);

    runToReview(p);
    await page.reload();
    await page.getByTestId('review-state').filter({ hasText: 'review' }).waitFor();
    const before = p.git('rev-parse', 'grove/t').trim();
    const debug = page.locator('[data-testid="tree-file"][data-path="src/t/debug.js"]');
    await debug.getByRole('button', { name: 'discard src/t/debug.js' }).click();
    await page.getByTestId('review-outcome').filter({ hasText: 'discarded src/t/debug.js' }).waitFor();
    expect(await stateOf(p.root)).toBe('verifying');
    const after = p.git('rev-parse', 'grove/t').trim();
    expect(p.git('rev-parse', `${after}^`).trim()).toBe(before);
    expect(p.git('log', '-1', '--format=%B', after)).toContain('Discarded in review by dashboard');

    runToReview(p); // the gates run again on the new tip, then it is back in review
    expect(p.grove('approve', 't').code).toBe(0);
    expect(p.grove('run', '--no-dashboard').code).toBe(0);
    expect(await stateOf(p.root)).toBe('merged');
    const landed = p.git('ls-tree', '-r', '--name-only', 'main');
    expect(landed).toContain('src/t/index.js');
    expect(landed).not.toContain('src/t/debug.js');
  }, 180_000);
});
