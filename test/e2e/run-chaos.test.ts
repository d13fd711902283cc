import { afterEach, describe, expect, it } from 'vitest';
import { openProject } from '../../src/app/context.js';
import { openStores } from '../../src/infra/db/stores.js';
import { isSameProcess } from '../../src/infra/process/liveness.js';
import { startNode } from '../helpers/node-script.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { waitFor } from '../helpers/wait.js';
import { project } from './run-helpers.js';

const BIN = new URL('../../bin/grove.js', import.meta.url).pathname;
let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

const IDS = ['a', 'b', 'c', 'd', 'e', 'f'];

function script(id: string): string {
  return [
    'default_usage: { input: 0, output: 0 }',
    'steps:',
    '  - repeat: { times: 5, steps: [{ usage: { input: 100, output: 0 } }, { sleep: 80 }] }',
    `  - write: { path: src/${id}/x.js, content: 'x' }`,
    `  - commit: 'Add ${id}'`,
    `  - result: { summary: 'added ${id}' }`,
    '',
  ].join('\n');
}

describe('grove run: chaos', () => {
  it('SIGKILLed 10 times at different moments of a 6-task run: every task finishes once, tokens exact, no orphan', async () => {
    p = project(
      Object.fromEntries(IDS.map((id) => [id, script(id)])),
      'wip: 3\ngates:\n  test: [node, -e, "setTimeout(() => process.exit(0), 200)"]\n',
    );
    // Kill points spread over start-up, agents running, gates running (milliseconds after start).
    for (const delay of [350, 500, 650, 800, 950, 420, 580, 720, 880, 1000]) {
      const run = startNode([BIN, 'run', '--no-dashboard'], { cwd: p.root });
      await new Promise((r) => setTimeout(r, delay));
      run.child.kill('SIGKILL');
      await run.exited;
    }
    const ctx = await openProject(p.root);
    try {
      const stores = openStores(ctx.db);
      const last = startNode([BIN, 'run', '--no-dashboard'], { cwd: p.root });
      await last.waitFor('scheduling 6 task(s)');
      // The merge queue takes them on: every task ends merged and the run ends by itself (0).
      await waitFor(() => IDS.every((id) => ctx.store.get(id)?.state === 'merged'), {
        what: 'every task merged',
        timeoutMs: 40_000,
      });
      last.child.kill('SIGINT');
      expect([0, 130, null]).toContain((await last.exited).code);
      for (const id of IDS) {
        const attempts = stores.attempts.listForTask(id);
        // An attempt whose wrapper never got its "go" (grove died first) never ran the agent: it is
        // `lost` with no output. Every agent that did run ran exactly once.
        const ran = attempts.filter(
          (a) => !(a.outcome === 'lost' && a.stdout_offset === 0 && a.stderr_offset === 0),
        );
        expect(
          ran.map((a) => a.outcome),
          id,
        ).toEqual(['completed']);
        expect(stores.usage.totalsForTask(id).input, id).toBe(500);
        for (const a of attempts) expect(isSameProcess(a.pid!, a.process_start!)).toBe(false);
      }
    } finally {
      ctx.close();
    }
  }, 90_000);
});
