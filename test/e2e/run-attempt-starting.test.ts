// An attempt's row is written a moment before its process is stored (startAttempt records the row,
// clears stale files, spawns the wrapper, then stores its pid). A scheduler pass that lands in that
// window must leave the attempt alone: it once marked it lost at once, which sent a healthy fix back
// as "the agent process vanished" (an extra fix attempt, seen as a flake in run-send-back).
import { afterEach, describe, expect, it } from 'vitest';
import { RunLoop } from '../../src/app/run/loop.js';
import { openProject } from '../../src/app/context.js';
import { AttemptStore } from '../../src/infra/db/attempt-store.js';
import { openStores } from '../../src/infra/db/stores.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { waitFor } from '../helpers/wait.js';
import { mergingPorts, project } from './run-helpers.js';

let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

const GATES = 'gates:\n  test: [node, -e, "process.exit(0)"]\n';
const HANG = ['steps:', "  - say: 'working'", '  - hang: true', ''].join('\n');

/** A loop running only `h` (whose agent hangs), so task `x` is ours to put in any state. */
async function loopWithOtherTask(): Promise<{
  loop: RunLoop;
  ctx: Awaited<ReturnType<typeof openProject>>;
  passes: () => number;
}> {
  p = project({ h: HANG, x: HANG }, GATES);
  const ctx = await openProject(p.root);
  let passes = 0;
  const loop = new RunLoop(ctx, {
    only: ['h'],
    ports: mergingPorts(),
    pollMs: 50,
    slowMs: 100,
    onStep: () => (passes += 1),
  });
  loop.start();
  const stores = openStores(ctx.db);
  await waitFor(() => stores.agentEvents.list('h').length > 0, { what: 'h to run', timeoutMs: 20_000 });
  ctx.store.transition('x', 'ready', 'test', { expectFrom: ['planned'] });
  ctx.store.transition('x', 'running', 'test: another grove process starts its agent', {
    expectFrom: ['ready'],
  });
  return { loop, ctx, passes: () => passes };
}

describe('grove run: an attempt whose process is not stored yet', () => {
  it('is left alone while it is being started (not marked lost)', async () => {
    const { loop, ctx, passes } = await loopWithOtherTask();
    try {
      const stores = openStores(ctx.db);
      const row = stores.attempts.create({
        taskId: 'x',
        kind: 'initial',
        agent: 'scripted',
        adapter: 'scripted',
        logDir: ctx.paths.stateDir,
      });
      const before = passes();
      // Several scheduler passes (the slow timer wakes it every 100 ms), each one looking at the row.
      await waitFor(() => passes() >= before + 3, { what: 'three scheduler passes', timeoutMs: 20_000 });
      expect(stores.attempts.require(row.id)).toMatchObject({ ended_at: null, outcome: null });
    } finally {
      await loop.stop({ stopAgents: true });
      ctx.close();
    }
  });

  it('is marked lost once it is long past any start (a grove died while starting it)', async () => {
    const { loop, ctx } = await loopWithOtherTask();
    try {
      const minuteAgo = new AttemptStore(ctx.db, () => Date.now() - 60_000);
      const row = minuteAgo.create({
        taskId: 'x',
        kind: 'initial',
        agent: 'scripted',
        adapter: 'scripted',
        logDir: ctx.paths.stateDir,
      });
      const stores = openStores(ctx.db);
      await waitFor(() => stores.attempts.require(row.id).ended_at !== null, {
        what: 'the stale attempt to be settled',
        timeoutMs: 20_000,
      });
      expect(stores.attempts.require(row.id).outcome).toBe('lost');
    } finally {
      await loop.stop({ stopAgents: true });
      ctx.close();
    }
  });
});
