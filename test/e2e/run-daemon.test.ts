import { afterEach, describe, expect, it } from 'vitest';
import { openProject } from '../../src/app/context.js';
import { openStores } from '../../src/infra/db/stores.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { waitFor } from '../helpers/wait.js';
import { project, stateOf, writeScript } from './run-helpers.js';

let p: GroveProject | undefined;
afterEach(() => {
  p?.grove('down');
  p?.cleanup();
});

describe('grove up / grove down', () => {
  it('runs the loop as a daemon holding the scheduler lock, and stops it', async () => {
    p = project({ a: writeScript('a') }, 'gates:\n  test: [node, -e, "process.exit(0)"]\n');
    const up = p.grove('up', '--no-dashboard');
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    const pid = Number(/pid (\d+)/.exec(up.stdout)?.[1]);
    expect(up.stdout).toContain('daemon.log');
    const ctx = await openProject(p.root);
    try {
      // The merge queue may merge it at once.
      await waitFor(() => ['queued', 'integrating', 'merged'].includes(stateOf(ctx, 'a') ?? ''), {
        what: 'a queued by the daemon',
        timeoutMs: 20_000,
      });
      const run = p.grove('run', '--no-dashboard');
      expect(run.code).toBe(11);
      expect(run.stderr).toContain(`grove up (pid ${pid}`);
      const down = p.grove('down');
      expect(down.stdout).toContain(`stopped the daemon (pid ${pid})`);
      expect(openStores(ctx.db).locks.holder('scheduler')).toBeUndefined();
      expect(p.grove('down').stdout).toContain('no scheduler is running');
    } finally {
      ctx.close();
    }
  });
});
