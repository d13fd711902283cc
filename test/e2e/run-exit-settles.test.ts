// `grove run` ends only after the agents it asked to stop have exited: a budget pause of an agent that
// ignores SIGTERM still ends in SIGKILL after `attempts.kill_grace`, the attempt's outcome is recorded,
// and no process of the agent's group outlives grove.
import { afterEach, describe, expect, it } from 'vitest';
import { openProject } from '../../src/app/context.js';
import { openStores } from '../../src/infra/db/stores.js';
import { groupMembers } from '../../src/infra/process/supervisor-group.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { project, scriptedTask } from './run-helpers.js';

let p: GroveProject | undefined;
afterEach(() => p?.cleanup());

// Spends past 85% of its budget, then refuses SIGTERM and waits forever.
const STUBBORN = [
  'default_usage: { input: 0, output: 0 }',
  'steps:',
  '  - ignore_sigterm: true',
  '  - usage: { input: 9000, output: 0 }',
  '  - hang: true',
  '',
].join('\n');

describe('grove run: leaving', () => {
  it('sees a paused agent that ignores SIGTERM killed and recorded before it exits', async () => {
    p = project({ t: STUBBORN }, 'attempts:\n  kill_grace: 1s\ngates:\n  test: [node, -e, "0"]\n', {
      t: scriptedTask('t', 'budget: { tokens: 10000 }\n'),
    });
    const started = Date.now();
    const run = p.grove('run', '--no-dashboard');
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toMatch(/t\s+paused: .*budget/);
    const ctx = await openProject(p.root);
    try {
      const [attempt, ...more] = openStores(ctx.db).attempts.listForTask('t');
      expect(more).toHaveLength(0);
      expect(attempt!.ended_at).not.toBeNull();
      expect(attempt!.outcome).toBe('paused');
      expect(groupMembers(attempt!.pid!)).toEqual([]); // none left (zombies aside)
      expect(Date.now() - started).toBeLessThan(60_000);
    } finally {
      ctx.close();
    }
  }, 90_000);
});
