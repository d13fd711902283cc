// `grove demo` end to end: the real CLI, the real run loop, verify, queue and compound on the sample
// repository, checked against the plan's design; nothing may be left outside the demo's temp folder.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectDesignedOutcome, startDemo } from './demo-run.js';

describe('grove demo', () => {
  it('runs the sample plan as designed, reports it and leaves nothing behind', async () => {
    const demo = startDemo('--no-dashboard');
    const run = await demo.exited;
    const result = expectDesignedOutcome(demo, run);
    // The live progress came through the journal: the failing gate and the merges are in it.
    expect(run.stdout).toContain('"gate"');
    process.stdout.write(
      `grove demo (no dashboard): ${result.elapsedMs} ms in the demo, ${run.wallMs} ms wall\n`,
    );
  }, 120_000);

  it('serves the dashboard while it runs and stops it at the end', async () => {
    const demo = startDemo();
    const { url } = await demo.waitForLine('dashboard', 60_000);
    const api = new URL('/api/snapshot', url);
    api.searchParams.set('token', new URL(url!).searchParams.get('token')!);
    const live = await fetch(api);
    expect(live.status).toBe(200);
    expect(JSON.stringify(await live.json())).toContain('price-format');
    const run = await demo.exited;
    const result = expectDesignedOutcome(demo, run);
    await expect(fetch(api)).rejects.toThrow();
    process.stdout.write(
      `grove demo (dashboard): ${result.elapsedMs} ms in the demo, ${run.wallMs} ms wall\n`,
    );
  }, 120_000);

  it('with --keep leaves the repository to review, and only in its temp folder', async () => {
    const demo = startDemo('--no-dashboard', '--keep');
    const run = await demo.exited;
    const start = demo.lines.find((l) => l.type === 'demo-start');
    expect(run.code, run.stderr).toBe(0);
    expect(readdirSync(demo.parent)).toEqual([start?.dir?.split('/').at(-1)]);
    const root = join(start!.dir!, 'tiny-shop');
    expect(readFileSync(join(root, 'src', 'index.js'), 'utf8')).toContain('applyDiscount');
    // What landed is what the lead approved: receipt with the agent's answer to the line comment.
    expect(readFileSync(join(root, 'src', 'receipt.js'), 'utf8')).toContain('qty is how many of the item');
    // The lesson the lead accepted is committed in AGENTS.md, and the next cycle's code followed it.
    expect(readFileSync(join(root, 'AGENTS.md'), 'utf8')).toContain('(cents / 100).toFixed(2)');
    expect(readFileSync(join(root, 'src', 'total.js'), 'utf8')).toContain('.toFixed(2)');
  }, 120_000);
});
