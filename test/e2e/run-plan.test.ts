import { afterEach, describe, expect, it } from 'vitest';
import { openProject } from '../../src/app/context.js';
import { openStores } from '../../src/infra/db/stores.js';
import { startNode } from '../helpers/node-script.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { waitFor } from '../helpers/wait.js';
import { project, startLoop, stateOf, writeScript } from './run-helpers.js';
import { configuredGates } from './run-helpers.js';

const BIN = new URL('../../bin/grove.js', import.meta.url).pathname;
const GATES = 'gates:\n  test: [node, -e, "process.exit(0)"]\n';
let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

describe('grove run', () => {
  it('runs a 3-task plan (one depending on another) through the gates to merged', async () => {
    p = project({ a: writeScript('a'), b: writeScript('b'), c: writeScript('c') }, `wip: 2\n${GATES}`, {
      c: '---\nid: c\ntitle: Task c\nowns: ["src/c/**"]\ndepends_on: [a]\n---\nDo c.\n',
    });
    const { ctx, loop } = await startLoop(p.root);
    try {
      const done = await loop.whenDone();
      expect(done).toMatchObject({ merged: ['a', 'b', 'c'], needsPerson: [] });
      const stores = openStores(ctx.db);
      for (const id of ['a', 'b', 'c']) {
        const path = stores.tasks.stateHistory(id).map((h) => h.to);
        expect(path).toEqual([
          'planned',
          'ready',
          'running',
          'verifying',
          'verified',
          'queued',
          'integrating',
          'merged',
        ]);
        expect(configuredGates(stores.gates.listForTask(id)).map((g) => [g.gate, g.ok])).toEqual([
          ['test', true],
        ]);
        expect(stores.usage.totalsForTask(id).input).toBe(1000);
      }
      // c waited for a: it started only after a was merged.
      const mergedA = stores.tasks.stateHistory('a').find((h) => h.to === 'merged')!.id;
      const startedC = stores.tasks.stateHistory('c').find((h) => h.to === 'running')!.id;
      expect(startedC).toBeGreaterThan(mergedA);
      // grove status shows them merged, not as a branch still ahead of the base (squash lands another commit).
      const status = p.grove('status');
      for (const id of ['a', 'b', 'c']) {
        expect(status.stdout).toMatch(new RegExp(`^${id} +merged +grove/${id} +merged +- `, 'm'));
      }
    } finally {
      await loop.stop();
      ctx.close();
    }
  });

  it('the CLI runs up to the merge queue, a second `grove run` is refused, Ctrl-C leaves a clean state', async () => {
    p = project({ a: writeScript('a'), b: writeScript('b') }, GATES);
    const run = startNode([BIN, 'run', '--no-dashboard'], { cwd: p.root });
    await run.waitFor('grove run: scheduling 2 task(s)');
    const second = p.grove('run', '--no-dashboard');
    expect(second.code).toBe(11);
    expect(second.stderr).toMatch(/another scheduler runs for this repository: grove run \(pid \d+/);
    const ctx = await openProject(p.root);
    try {
      // The real merge queue may merge them before the signal lands: then the run ends by itself (0).
      const inQueue = (id: string) => ['queued', 'integrating', 'merged'].includes(stateOf(ctx, id) ?? '');
      await waitFor(() => inQueue('a') && inQueue('b'), { what: 'both queued', timeoutMs: 20_000 });
      run.child.kill('SIGINT');
      const exit = await run.exited;
      expect([0, 130, null]).toContain(exit.code);
      expect(run.output()).toMatch(/a\s+verified → queued/);
      if (exit.code === 130) expect(run.output()).toContain('stopped scheduling (SIGINT)');
    } finally {
      ctx.close();
    }
    // The lock went with it: the next run starts (and is stopped again at once).
    const again = startNode([BIN, 'run', '--no-dashboard'], { cwd: p.root });
    await again.waitFor('scheduling 2 task(s)');
    again.child.kill('SIGTERM');
    // With both merged already, the run may end by itself (0) before the signal.
    expect([0, 130, null]).toContain((await again.exited).code);
  });

  it('lead commands refuse wrong states with a clear message', () => {
    p = project({ a: writeScript('a') }, GATES);
    const r = p.grove('pause', 'a');
    expect(r.code).toBe(10);
    expect(r.stderr).toContain('task a is planned; nothing to pause');
    expect(p.grove('resume', 'nope').stderr).toContain('no task "nope"');
    const abandon = p.grove('abandon', 'a', '--json');
    expect(abandon.code).toBe(0);
    expect(JSON.parse(abandon.stdout)).toMatchObject({ taskId: 'a', from: 'planned', to: 'abandoned' });
    expect(p.grove('retry', 'a').stderr).toContain('task a is abandoned; nothing to retry');
    const unknown = p.grove('run', 'zz', '--no-dashboard');
    expect(unknown.code).toBe(4);
    expect(unknown.stderr).toContain('no task "zz" in this plan');
  });

  it('exits 1 with the report when a task needs a person, naming it and the command to continue', () => {
    const blocked = [
      'default_usage: { input: 0, output: 0 }',
      'steps:',
      "  - result: { status: scope_expansion, summary: 'need the router', paths: [src/router.js], reason: 'the route lives there' }",
      '',
    ].join('\n');
    p = project({ a: writeScript('a'), s: blocked }, GATES);
    const r = p.grove('run', 's', '--no-dashboard');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/s\s+running → blocked\s+the agent asks for more files: src\/router.js/);
    expect(r.stdout).toContain('grove approve-scope s');
    expect(r.stdout).toContain('grove run: 1 task(s) need you:');
    expect(r.stdout).toMatch(/s {2}blocked: /);
    expect(r.stdout).not.toMatch(/\ba\s+ready → running/); // only the selected task ran
  });
});
