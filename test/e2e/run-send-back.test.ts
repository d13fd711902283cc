import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { QueueFailure, RunPorts } from '../../src/app/run/ports.js';
import { defaultPorts } from '../../src/app/run/ports.js';
import { pauseTask, reassignTask } from '../../src/app/task-commands/index.js';
import { openDatabase } from '../../src/infra/db/open.js';
import { openStores } from '../../src/infra/db/stores.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { waitFor } from '../helpers/wait.js';
import { project, startLoop, stateOf, writeScript } from './run-helpers.js';
import { configuredGates } from './run-helpers.js';

let p: GroveProject | undefined;
afterEach(() => p?.cleanup());
const GATES = 'gates:\n  test: [node, -e, "process.exit(0)"]\n';

/** A queue that fails each queued task with the listed failures, in order, then merges it. */
function failingQueue(failures: QueueFailure[]): RunPorts {
  return {
    ...defaultPorts,
    startQueueRunner: (ctx, hooks) => ({
      kick: () => {
        for (const t of ctx.store.list().filter((r) => r.state === 'queued')) {
          ctx.store.transition(t.id, 'integrating', 'test queue', { expectFrom: ['queued'] });
          const failure = failures.shift();
          if (failure) hooks.onCulprit(t.id, failure);
          else {
            ctx.store.transition(t.id, 'merged', 'test queue merged it', { expectFrom: ['integrating'] });
            hooks.onMerged(t.id, 'test');
          }
        }
      },
      stop: () => Promise.resolve(),
      whenIdle: () => Promise.resolve(),
    }),
  };
}

describe('grove run: failures from the merge queue', () => {
  it('a conflict and a failing queue test go back to the same session, counted apart', async () => {
    p = project({ t: writeScript('t') }, GATES);
    const ports = failingQueue([
      { kind: 'conflict', files: ['src/t/index.js'], base: 'main' },
      {
        kind: 'test-failed',
        command: 'npm test',
        outputTail: 'FAIL cart.test.js',
        fingerprint: 'queue:abcd1234',
      },
    ]);
    const { ctx, loop } = await startLoop(p.root, ports);
    try {
      const done = await loop.whenDone();
      expect(done.merged).toEqual(['t']);
      const stores = openStores(ctx.db);
      const attempts = stores.attempts.listForTask('t');
      expect(attempts.map((a) => a.kind)).toEqual(['initial', 'fix', 'fix']);
      expect(new Set(attempts.map((a) => a.session_id)).size).toBe(1);
      const fixing = stores.tasks.stateHistory('t').filter((h) => h.to === 'fixing');
      expect(fixing.map((h) => [h.from, h['kind']])).toEqual([
        ['integrating', 'conflict'],
        ['integrating', 'fix'],
      ]);
      expect(configuredGates(stores.gates.listForTask('t')).map((g) => [g.gate, g.ok])).toEqual([
        ['test', true],
        ['merge', false],
        ['test', true],
        ['queue', false],
        ['test', true],
      ]);
    } finally {
      await loop.stop();
      ctx.close();
    }
  });

  it('stopping the loop while a culprit is being sent back waits for it before the database closes', async () => {
    p = project({ t: writeScript('t') }, GATES);
    const held: { stopped?: Promise<void> } = {};
    let stop = (): Promise<void> => Promise.resolve();
    const ports: RunPorts = {
      ...defaultPorts,
      startQueueRunner: (ctx, hooks) => ({
        kick: () => {
          for (const t of ctx.store.list().filter((r) => r.state === 'queued')) {
            ctx.store.transition(t.id, 'integrating', 'test queue', { expectFrom: ['queued'] });
            hooks.onCulprit(t.id, { kind: 'conflict', files: ['src/t/index.js'], base: 'main' });
            // The person stops grove (Ctrl-C) right as the queue hands the culprit back.
            held.stopped ??= stop();
          }
        },
        stop: () => Promise.resolve(),
        whenIdle: () => Promise.resolve(),
      }),
    };
    const { ctx, loop } = await startLoop(p.root, ports);
    stop = async () => {
      await loop.stop();
      ctx.close();
    };
    await waitFor(() => held.stopped !== undefined, { what: 'the culprit', timeoutMs: 30_000 });
    await held.stopped;
    const db = openDatabase(join(p.root, '.git', 'grove', 'grove.db'));
    try {
      // The send-back finished before the close: the task left `integrating` (no half-done move).
      expect(openStores(db).tasks.require('t').state).not.toBe('integrating');
    } finally {
      db.close();
    }
  });

  it('`grove pause` while the loop runs stops the agent; the loop leaves the task paused', async () => {
    const hang = ['steps:', "  - say: 'working'", '  - hang: true', ''].join('\n');
    p = project({ t: hang }, GATES);
    const { ctx, loop } = await startLoop(p.root);
    try {
      const stores = openStores(ctx.db);
      await waitFor(() => stores.agentEvents.list('t').length > 0, {
        what: 'the agent to talk',
        timeoutMs: 20_000,
      });
      const r = await pauseTask(ctx, 't', 'cli');
      expect(r).toMatchObject({ kind: 'done', to: 'paused' });
      expect(stores.attempts.latestForTask('t')?.outcome).toBe('paused');
      const done = await loop.whenDone();
      expect(done.needsPerson).toEqual(['t']);
      expect(stateOf(ctx, 't')).toBe('paused');
      expect(stores.attempts.listForTask('t')).toHaveLength(1);
    } finally {
      await loop.stop();
      ctx.close();
    }
  });

  it('`grove reassign` while the agent runs stops it and starts a fresh session with notes on what failed', async () => {
    const script = [
      'default_usage: { input: 0, output: 0 }',
      'runs:',
      "  1: [{ say: 'working' }, { hang: true }]",
      "  default: [{ write: { path: src/t/x.js, content: 'x' } }, { commit: 'x' }, { result: { summary: 'done' } }]",
      '',
    ].join('\n');
    p = project({ t: script }, GATES);
    const { ctx, loop } = await startLoop(p.root);
    try {
      const stores = openStores(ctx.db);
      await waitFor(() => stores.agentEvents.list('t').length > 0, {
        what: 'the agent to talk',
        timeoutMs: 20_000,
      });
      const r = await reassignTask(ctx, 't', 'cli', 'scripted');
      expect(r).toMatchObject({ from: 'running', to: 'ready' });
      const done = await loop.whenDone();
      expect(done.merged).toEqual(['t']);
      const attempts = stores.attempts.listForTask('t');
      expect(attempts.map((a) => [a.kind, a.outcome])).toEqual([
        ['initial', 'killed'],
        ['reassign', 'completed'],
      ]);
      expect(attempts[1]!.session_id).not.toBe(attempts[0]!.session_id);
      const prompt = readFileSync(
        join(ctx.paths.stateDir, 'homes', 't', 'scripted', 'scripted-agent', 't.run-2.prompt.txt'),
        'utf8',
      );
      expect(prompt).toContain('# Task t: Task t');
      expect(prompt).toContain('Notes from an earlier attempt');
    } finally {
      await loop.stop();
      ctx.close();
    }
  });
});
