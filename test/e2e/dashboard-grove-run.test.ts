// The dashboard as a user meets it: `grove run` (the real bin) starts it and prints its URL; the page
// follows a real scripted agent live, a Pause click stops the agent, a Resume click continues the same
// session, and the page shows the task merged by the real merge queue.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openProject } from '../../src/app/context.js';
import type { ProjectContext } from '../../src/app/context.js';
import type { Stores } from '../../src/infra/db/stores.js';
import { openStores } from '../../src/infra/db/stores.js';
import { artifact, browserMissing, launchBrowser } from '../helpers/browser.js';
import type { TestBrowser } from '../helpers/browser.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { startNode } from '../helpers/node-script.js';
import type { ScriptProcess } from '../helpers/node-script.js';
import { project, scriptedTask } from './run-helpers.js';
import { waitFor } from '../helpers/wait.js';

const BIN = new URL('../../bin/grove.js', import.meta.url).pathname;
const missing = browserMissing();

// Run 1 writes the greeting, then spends tokens slowly (long enough to be paused from the page);
// the resumed run commits and finishes.
const GREETER = [
  'default_usage: { input: 0, output: 0 }',
  'runs:',
  '  1:',
  "    - say: 'Writing the greeting.'",
  `      write: { path: src/greet/index.js, content: "export const greet = () => 'hi';\\n" }`,
  '      usage: { input: 1000, output: 100 }',
  '    - repeat: { times: 300, steps: [{ usage: { input: 100, output: 10 } }, { sleep: 100 }] }',
  "    - result: { summary: 'ran out of steps before the pause' }",
  '  default:',
  "    - say: 'Carrying on after the pause.'",
  '      usage: { input: 500, output: 50 }',
  "    - commit: 'Add greet'",
  "    - result: { summary: 'Added greet().' }",
  '',
].join('\n');

describe.skipIf(missing !== undefined)('the dashboard that `grove run` starts, in a real browser', () => {
  let p: GroveProject;
  let run: ScriptProcess | undefined;
  let browser: TestBrowser;
  let page: Page;
  let ctx: ProjectContext;
  let stores: Stores;

  beforeAll(async () => {
    p = project(
      { greet: GREETER },
      'dashboard:\n  port: 0\ngates:\n  test: [node, -e, "process.exit(0)"]\n',
      {
        greet: scriptedTask('greet', 'budget: { tokens: 1000000 }\n'),
      },
    );
    browser = await launchBrowser();
    page = await browser.context.newPage();
  });

  afterAll(async () => {
    if (run && run.child.exitCode === null) run.child.kill('SIGKILL');
    await browser?.close();
    ctx?.close();
    p?.cleanup();
  });

  it('follows the run live, pauses and resumes it from the page, and shows it merged', async () => {
    // --keep-open: with the dashboard on a terminal that is the default; this output is a pipe.
    run = startNode([BIN, 'run', '--keep-open'], { cwd: p.root });
    await run.waitFor('dashboard: http');
    const url = /dashboard: (http:\/\/127\.0\.0\.1:\d+\/\S+)/.exec(run.output())?.[1];
    expect(url, run.output()).toBeDefined();
    ctx = await openProject(p.root);
    stores = openStores(ctx.db);

    await page.goto(url!);
    const card = page.getByTestId('column-running').getByTestId('card-greet');
    await card.getByTestId('activity').waitFor({ timeout: 20_000 });
    await card.getByTestId('tokens').filter({ hasNotText: /^0 \// }).waitFor({ timeout: 10_000 });
    await page.screenshot({ path: artifact('dashboard-grove-run-running.png'), fullPage: true });

    // Pause from the task page: the loop stops the agent, the page shows the new state.
    await card.click();
    await page.getByTestId('events').getByText('Writing the greeting.').waitFor({ timeout: 10_000 });
    await page
      .getByTestId('events')
      .getByText(`Write ${join(stores.tasks.require('greet').worktree ?? '', 'src/greet/index.js')}`)
      .waitFor();
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByTestId('task-state').filter({ hasText: 'paused' }).waitFor({ timeout: 10_000 });
    const [first] = stores.attempts.listForTask('greet');
    await waitFor(() => stores.attempts.require(first!.id).ended_at !== null, {
      what: 'the paused agent to end',
      timeoutMs: 15_000,
      explain: () => JSON.stringify(stores.attempts.listForTask('greet')) + '\n' + run!.output(),
    });
    // Issue 16: the page's Pause is `grove pause` (same cause), with the door recorded as `by`.
    expect(stores.tasks.stateHistory('greet').find((h) => h.to === 'paused')).toMatchObject({
      cause: 'paused by the lead',
      by: 'dashboard',
    });
    const spentBeforeResume = stores.usage.totalsForTask('greet').total;
    expect(spentBeforeResume).toBeLessThan(1100 + 300 * 110); // stopped part way
    // grove run stays up (and the page with it) while the task waits on a person.
    await run.waitFor('grove run: waiting on you');
    expect(run.child.exitCode).toBeNull();

    // Resume from the page: the same session continues, then the gate and the real queue merge it.
    await page.getByRole('button', { name: 'Resume' }).click();
    await waitFor(() => stores.tasks.require('greet').state === 'merged', {
      what: 'merged after the resume',
      timeoutMs: 60_000,
      explain: () => JSON.stringify(stores.tasks.stateHistory('greet')) + '\n' + run!.output(),
    });
    await page.getByTestId('task-state').filter({ hasText: 'merged' }).waitFor({ timeout: 60_000 });
    const attempts = stores.attempts.listForTask('greet');
    expect(attempts.map((a) => a.kind)).toEqual(['initial', 'resume']);
    expect(attempts[1]!.session_id).toBe(attempts[0]!.session_id);
    await page.getByTestId('events').getByText('Carrying on after the pause.').waitFor({ timeout: 10_000 });
    expect(stores.usage.totalsForTask('greet').total).toBe(spentBeforeResume + 550);
    expect(p.git('show', 'main:src/greet/index.js')).toContain("greet = () => 'hi'");
    await page.screenshot({ path: artifact('dashboard-grove-run-merged.png'), fullPage: true });

    // The board agrees; grove run keeps the page up until the user leaves, then ends as a finished run.
    await run.waitFor('the dashboard stays up for the report and the learnings');
    await page.getByRole('link', { name: 'Board' }).first().click();
    await page.getByTestId('column-merged').getByTestId('card-greet').waitFor({ timeout: 10_000 });
    run.child.kill('SIGINT');
    const exit = await run.exited;
    expect(exit.code, run.output()).toBe(0);
    expect(run.output()).toContain('# grove cycle report');
  }, 150_000);
});

if (missing) console.warn(`skipping the grove run dashboard test: ${missing}`);
