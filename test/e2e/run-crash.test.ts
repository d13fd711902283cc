import { afterEach, describe, expect, it } from 'vitest';
import { openProject } from '../../src/app/context.js';
import { openStores } from '../../src/infra/db/stores.js';
import { isSameProcess } from '../../src/infra/process/liveness.js';
import { startNode } from '../helpers/node-script.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { waitFor } from '../helpers/wait.js';
import { project, stateOf } from './run-helpers.js';

const BIN = new URL('../../bin/grove.js', import.meta.url).pathname;
let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

/** 10 messages of 1,000 input tokens, 150 ms apart, then a commit. */
function slowScript(id: string): string {
  return [
    'default_usage: { input: 0, output: 0 }',
    'steps:',
    '  - repeat: { times: 10, steps: [{ usage: { input: 1000, output: 0 } }, { sleep: 150 }] }',
    `  - write: { path: src/${id}/index.js, content: 'export const v = 1;\\n' }`,
    `  - commit: 'Add ${id}'`,
    `  - result: { summary: 'added ${id}' }`,
    '',
  ].join('\n');
}

describe('grove run: crash', () => {
  it('SIGKILLed while agents run: the next run re-adopts them, every task finishes, usage counted once', async () => {
    p = project(
      { a: slowScript('a'), b: slowScript('b') },
      'gates:\n  test: [node, -e, "process.exit(0)"]\n',
    );
    const first = startNode([BIN, 'run', '--no-dashboard'], { cwd: p.root });
    await first.waitFor(`${'b'.padEnd(14)}  attempt 1 started`); // grove run's progress line for b
    const ctx = await openProject(p.root);
    try {
      const stores = openStores(ctx.db);
      await waitFor(() => stores.usage.totalsAll().input > 0, { what: 'some usage', timeoutMs: 20_000 });
      first.child.kill('SIGKILL');
      await first.exited;
      const live = stores.attempts.listUnfinished();
      expect(live.map((a) => a.task_id).sort()).toEqual(['a', 'b']);
      for (const a of live) expect(isSameProcess(a.pid!, a.process_start!)).toBe(true);

      const second = startNode([BIN, 'run', '--no-dashboard'], { cwd: p.root });
      await waitFor(() => stateOf(ctx, 'a') === 'merged' && stateOf(ctx, 'b') === 'merged', {
        what: 'both merged',
        timeoutMs: 30_000,
      });
      second.child.kill('SIGINT');
      // The merge queue merges them; the run may end by itself first (0).
      expect([0, 130, null]).toContain((await second.exited).code);

      for (const id of ['a', 'b']) {
        expect(stores.attempts.listForTask(id)).toHaveLength(1); // re-adopted, never started twice
        expect(stores.usage.totalsForTask(id).input).toBe(10_000);
        expect(stores.attempts.listForTask(id)[0]!.outcome).toBe('completed');
      }
      expect(stores.journal.query({ types: ['lock'] })).toHaveLength(1); // the dead holder's lock taken over
    } finally {
      ctx.close();
    }
  });
});
