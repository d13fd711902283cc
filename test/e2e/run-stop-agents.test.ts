// `grove run --stop-agents` (and `grove down --stop-agents`) pauses the agents it supervises through the
// same pause command the lead uses (issue 16: one implementation per lead action), recorded as by: loop.
import { afterEach, describe, expect, it } from 'vitest';
import { RunLoop } from '../../src/app/run/loop.js';
import { openProject } from '../../src/app/context.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { waitFor } from '../helpers/wait.js';
import { mergingPorts, project } from './run-helpers.js';

let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

const GATES = 'gates:\n  test: [node, -e, "process.exit(0)"]\n';
const HANG = ['steps:', "  - say: 'working'", '  - hang: true', ''].join('\n');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('grove run: stopping with --stop-agents', () => {
  it('pauses each running task through the pause command (by: loop) and its agent is gone', async () => {
    p = project({ h: HANG }, GATES);
    const ctx = await openProject(p.root);
    try {
      const loop = new RunLoop(ctx, { ports: mergingPorts(), pollMs: 50, slowMs: 100 });
      loop.start();
      await waitFor(() => ctx.stores.agentEvents.list('h').length > 0, {
        what: 'h to run',
        timeoutMs: 20_000,
      });
      const attempt = ctx.stores.attempts.latestForTask('h');
      expect(attempt?.pid).toBeGreaterThan(0);
      await loop.stop({ stopAgents: true });

      expect(ctx.store.require('h').state).toBe('paused');
      expect(ctx.store.stateHistory('h').at(-1)).toMatchObject({
        from: 'running',
        to: 'paused',
        cause: 'grove stopped with --stop-agents',
        by: 'loop',
        action: 'pause',
      });
      expect(ctx.stores.attempts.require(attempt!.id)).toMatchObject({ outcome: 'paused' });
      expect(ctx.stores.attempts.require(attempt!.id).ended_at).not.toBeNull();
      expect(alive(attempt!.pid!)).toBe(false);
    } finally {
      ctx.close();
    }
  });
});
