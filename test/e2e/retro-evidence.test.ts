// Issue 20, evidence one step away: `grove retro --show ID` (and the dashboard's Learnings page) shows
// what a proposal's evidence points at — for a fix loop the failing gate run's output and the fix's diff
// lines, for a reviewer's lesson the comment with the quoted code. A real fix loop with the scripted
// agent, a real review, real git.
import { afterEach, describe, expect, it } from 'vitest';
import { browserMissing, launchBrowser } from '../helpers/browser.js';
import { startDashboardProcess } from '../helpers/dashboard-process.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { brokenThenFixed, project } from './run-helpers.js';

let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

const CONFIG = [
  'gates:',
  '  test: [sh, -c, "if grep -rn BROKEN src; then echo a BROKEN marker is left; exit 1; fi"]',
  'review: { code: required }',
  '',
].join('\n');

interface Shown {
  id: string;
  entry: string;
  details: Array<{ task: string; source: string; title: string; text: string }>;
}

describe('grove retro --show', () => {
  it("shows a fix loop's failing gate output and fix diff, and a review lesson's comment", async () => {
    p = project({ a: brokenThenFixed('a') }, CONFIG);
    const run = p.grove('run', '--no-dashboard');
    expect(run.stdout + run.stderr).toMatch(/a\s+review: /);
    const asked = p.grove(
      'request-changes',
      'a',
      '-m',
      'one rule',
      '-m',
      'Never leave markers in exported values',
      '--file',
      'src/a/index.js',
      '--line',
      '1',
      '--lesson',
    );
    expect(asked.code, asked.stderr).toBe(0);
    const proposals = JSON.parse(p.grove('retro', '--json').stdout) as Array<{
      id: string;
      evidence: Array<{ source: string }>;
    }>;
    const fix = proposals.find((x) => x.evidence.some((e) => e.source === 'fix-loop'));
    const review = proposals.find((x) => x.evidence.some((e) => e.source === 'review'));
    expect(fix && review).toBeTruthy();

    const shown = p.grove('retro', '--show', fix!.id);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain('== a (fix-loop): gate test failed (exit 1)');
    expect(shown.stdout).toContain("src/a/index.js:1:export const v = 'BROKEN';");
    expect(shown.stdout).toContain('a BROKEN marker is left');
    expect(shown.stdout).toMatch(/== a \(fix-loop\): the fix [0-9a-f]{8}/);
    expect(shown.stdout).toContain("-export const v = 'BROKEN';");
    expect(shown.stdout).toContain("+export const v = 'ok';");

    const json = JSON.parse(p.grove('retro', '--show', review!.id, '--json').stdout) as Shown;
    expect(json.details).toEqual([
      {
        task: 'a',
        source: 'review',
        title: 'review comment on src/a/index.js:1',
        text: "> export const v = 'ok';\nNever leave markers in exported values",
      },
    ]);
    const unknown = p.grove('retro', '--show', 'Lnope');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no learning proposal Lnope');

    // The dashboard's Learnings page reads the same evidence.
    const dashboard = await startDashboardProcess(p.root);
    try {
      const token = new URL(dashboard.url).searchParams.get('token') ?? '';
      const get = (path: string) =>
        fetch(`${dashboard.origin}${path}`, { headers: { 'x-grove-token': token } });
      expect(await (await get(`/api/learnings/${review!.id}/evidence`)).json()).toEqual(json.details);
      expect((await get('/api/learnings/Lnope/evidence')).status).toBe(404);
      if (!browserMissing()) {
        // One click on the page: the fix loop's gate output and diff lines.
        const browser = await launchBrowser();
        try {
          const page = await browser.context.newPage();
          await page.goto(`${dashboard.url}#/learnings`);
          const card = page.locator('.proposal').filter({ hasText: 'When test fails' });
          await card.getByTestId('show-evidence').click();
          const details = card.getByTestId('evidence-details');
          await details.waitFor({ timeout: 10_000 });
          expect(await details.innerText()).toContain("+export const v = 'ok';");
        } finally {
          await browser.close();
        }
      }
    } finally {
      await dashboard.stop();
    }
  }, 120_000);
});
