// Screenshots of the dashboard board after `grove demo`, on a laptop (1400×900) and a phone (390×844),
// and a check that every task's card lies within the screen's width (the whole flow at a glance).
// Usage: node --import tsx scripts/board-screenshots.ts [output folder]   (default .grove-test-artifacts)
// Runs the real demo (scripted agent, a temp folder it removes), the real `grove dashboard` and the
// Chromium the tests use (test/helpers/chromium.ts). Exit 1 when a card is off-screen.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launchBrowser } from '../test/helpers/browser.js';
import { startDashboardProcess } from '../test/helpers/dashboard-process.js';

const VIEWPORTS = [
  { name: 'laptop', width: 1400, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

function runDemo(): { dir: string; root: string; merged: string[] } {
  const r = spawnSync(process.execPath, ['bin/grove.js', 'demo', '--keep', '--no-dashboard', '--json'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const last = r.stdout.trim().split('\n').at(-1) ?? '';
  const result = JSON.parse(last) as {
    type: string;
    ok: boolean;
    dir: string;
    root: string;
    done: { merged: string[] };
  };
  if (result.type !== 'demo' || !result.ok)
    throw new Error(`grove demo did not go as designed: ${last.slice(0, 400)}`);
  return { dir: result.dir, root: result.root, merged: result.done.merged };
}

async function main(): Promise<number> {
  const out = resolve(process.argv[2] ?? '.grove-test-artifacts');
  mkdirSync(out, { recursive: true });
  const demo = runDemo();
  const dashboard = await startDashboardProcess(demo.root);
  const browser = await launchBrowser();
  let offScreen = 0;
  try {
    const page = await browser.context.newPage();
    for (const v of VIEWPORTS) {
      await page.setViewportSize({ width: v.width, height: v.height });
      await page.goto(dashboard.url);
      await page.getByTestId('board').waitFor();
      for (const id of demo.merged) {
        const card = page.getByTestId('column-merged').getByTestId(`card-${id}`);
        await card.waitFor({ timeout: 10_000 });
        const box = await card.boundingBox();
        const inside = box !== null && box.x >= 0 && box.x + box.width <= v.width;
        if (!inside) offScreen++;
        console.log(
          `${v.name} ${v.width}x${v.height}: ${id} in merged ${inside ? 'on screen' : 'OFF SCREEN'}`,
        );
      }
      const file = join(out, `board-after-demo-${v.width}x${v.height}.png`);
      await page.screenshot({ path: file, fullPage: true });
      console.log(`${v.name}: ${file}`);
    }
  } finally {
    await browser.close();
    await dashboard.stop();
    rmSync(demo.dir, { recursive: true, force: true });
  }
  return offScreen === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
