// Issue 20, the dashboard's Learnings page driven from the keyboard, in a real browser: j/k move between
// proposals, a accepts, m opens Merge into (another proposal or an AGENTS.md entry), e focuses the entry,
// r rejects — each through the same task commands as `grove retro`. Three scripted tasks reflect three
// rules (a real `grove run`), so the proposals, their evidence and AGENTS.md are real.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { browserMissing, launchBrowser } from '../helpers/browser.js';
import { startDashboardProcess } from '../helpers/dashboard-process.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { makeGroveProject } from '../helpers/grove-project.js';
import { scriptedTask, writeScript } from './run-helpers.js';

let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

const RULES: Record<string, string> = {
  a: 'Pad cents with toFixed(2) in receipts (because the receipt test compares strings)',
  b: 'Round tax per line before summing totals (because the totals test expects it)',
  c: 'Round the tax of each line before adding it up (because totals are compared per line)',
};

interface Proposal {
  id: string;
  entry: string;
  status: string;
  evidence: Array<{ task: string; source: string }>;
}

describe.skipIf(browserMissing() !== undefined)('Learnings page: keyboard and merge into', () => {
  it('j/k move, a accepts, m merges into another proposal, e edits, r rejects', async () => {
    const files: Record<string, string> = {
      'AGENTS.md': '# AGENTS.md\n\n## GOTCHAS\n- Keep prices in cents.\n',
    };
    for (const id of ['a', 'b', 'c']) {
      files[`.grove/tasks/${id}.md`] = scriptedTask(id);
      files[`.grove/scripts/${id}.yaml`] = `${writeScript(id)}reflect: "RULE: ${RULES[id]}"\n`;
    }
    p = makeGroveProject({ config: 'gates:\n  test: [node, -e, "0"]\n', files });
    const run = p.grove('run', '--no-dashboard');
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const proposals = JSON.parse(p.grove('retro', '--json').stdout) as Proposal[];
    const idOf = (t: string): string => proposals.find((x) => x.evidence[0]?.task === t)!.id;
    const ids = { a: idOf('a'), b: idOf('b'), c: idOf('c') };

    const dashboard = await startDashboardProcess(p.root);
    const browser = await launchBrowser();
    try {
      const page = await browser.context.newPage();
      await page.goto(`${dashboard.url}#/learnings`);
      const card = (id: string) => page.locator(`[data-testid="proposal"][data-id="${id}"]`);
      await card(ids.c).waitFor({ timeout: 15_000 });
      const selected = async (): Promise<string | null> =>
        page.locator('[data-testid="proposal"][data-selected="true"]').getAttribute('data-id');
      expect(await selected()).toBe(ids.a);
      await page.keyboard.press('j');
      expect(await selected()).toBe(ids.b);
      await page.keyboard.press('k');
      expect(await selected()).toBe(ids.a);

      // a: accepted into AGENTS.md.
      await page.keyboard.press('a');
      await card(ids.a).locator('.status', { hasText: 'accepted' }).waitFor({ timeout: 10_000 });
      expect(readFileSync(join(p.root, 'AGENTS.md'), 'utf8')).toContain(`- ${RULES.a}`);

      // m on b: the merge panel, focused, offers proposal c and the AGENTS.md entries.
      await page.keyboard.press('j');
      await page.keyboard.press('m');
      const target = card(ids.b).getByTestId('merge-target');
      await target.waitFor({ timeout: 5_000 });
      const options = await target.locator('option').allInnerTexts();
      expect(options).toContain(`proposal ${ids.c}: ${RULES.c}`);
      expect(options).toContain('AGENTS.md: Keep prices in cents.');
      expect(await page.evaluate("document.activeElement?.getAttribute('data-testid')")).toBe('merge-target');
      await target.selectOption(`p:${ids.c}`);
      await card(ids.b).getByTestId('merge-confirm').click();
      await page
        .locator('.result', { hasText: `${ids.b} merged into ${ids.c}` })
        .waitFor({ timeout: 10_000 });

      // e on c focuses its entry; r (outside the field) rejects it.
      await page.keyboard.press('j');
      expect(await selected()).toBe(ids.c);
      await page.keyboard.press('e');
      expect(await page.evaluate("document.activeElement?.getAttribute('aria-label')")).toBe(
        `entry ${ids.c}`,
      );
      await page.keyboard.press('Escape');
      await page.keyboard.press('r');
      await card(ids.c).locator('.status', { hasText: 'rejected' }).waitFor({ timeout: 10_000 });
    } finally {
      await browser.close();
      await dashboard.stop();
    }
    const after = new Map(
      (JSON.parse(p.grove('retro', '--json').stdout) as Proposal[]).map((x) => [x.id, x]),
    );
    expect(after.get(ids.a)?.status).toBe('accepted');
    expect(after.get(ids.b)?.status).toBe('rejected');
    expect(after.get(ids.c)?.status).toBe('rejected');
    expect(
      after
        .get(ids.c)
        ?.evidence.map((e) => e.task)
        .sort(),
    ).toEqual(['b', 'c']);
    expect(p.grove('events', '--type', 'learning', '--json').stdout).toContain(`"into":"${ids.c}"`);
  }, 120_000);
});
