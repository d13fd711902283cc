// Issue 24: budgets that hold for every agent. Codex reports its usage only when its run ends, so the
// run loop's budget check (which looked at running tasks only) never saw it: a task that used 60,000
// tokens on a 10,000 budget was verified and merged with no pause and no notice. Now the task is paused
// once its agent has finished, the lead is told with a resume command grove accepts, and after
// `grove resume` its work goes on from the gates (no new agent run) and merges.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPorts } from '../../src/app/run/ports.js';
import { openStores } from '../../src/infra/db/stores.js';
import type { ModelServer } from '../fixtures/model-server/server.js';
import { startModelServer } from '../fixtures/model-server/server.js';
import { agentCli } from '../helpers/agent-clis.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { makeGroveProject } from '../helpers/grove-project.js';
import { startLoop } from './run-helpers.js';

const codex = agentCli('codex');

describe.skipIf(codex.missing !== undefined)(
  'a token budget with usage reported at the end of the run',
  () => {
    let server: ModelServer;
    let p: GroveProject | undefined;
    beforeAll(async () => {
      server = await startModelServer({
        scenarios: [
          {
            name: 'big',
            match: 'grove-budget-e2e: write big.txt',
            steps: [
              {
                write: 'big.txt',
                content: 'big\n',
                usage: { input: 30_000, output: 0, cacheRead: 0, cacheWrite: 0 },
              },
              {
                text: 'Done.\n\n```json\n{"status": "completed", "summary": "wrote it", "learnings": []}\n```\n',
                usage: { input: 30_000, output: 0, cacheRead: 0, cacheWrite: 0 },
              },
            ],
          },
        ],
      });
    });
    afterAll(async () => {
      await server?.close();
      p?.cleanup();
    });

    it('pauses the Codex task once it finished over budget, says how to go on, and merges after resume', async () => {
      const config = [
        'gates:',
        '  test: [node, -e, "0"]',
        'agents:',
        '  codex:',
        '    adapter: codex',
        `    bin: ${codex.bin}`,
        '    env:',
        `      OPENAI_BASE_URL: "${server.url}/v1"`,
        '',
      ].join('\n');
      p = makeGroveProject({
        config,
        files: {
          '.grove/tasks/big.md':
            '---\nid: big\ntitle: Big\nowns: ["big.txt"]\nagent: codex\nbudget: { tokens: 10000 }\n---\ngrove-budget-e2e: write big.txt\n',
        },
      });
      const mainBefore = p.git('rev-parse', 'main').trim();
      let suggestion: string;
      {
        const { ctx, loop } = await startLoop(p.root, defaultPorts);
        try {
          const done = await loop.whenDone();
          expect(done.merged).toEqual([]);
          expect(done.needsPerson).toEqual(['big']);
          const stores = openStores(ctx.db);
          expect(stores.usage.totalsForTask('big').total).toBe(60_000);
          expect(stores.tasks.require('big').state).toBe('paused');
          const pause = stores.tasks.stateHistory('big').at(-1)!;
          expect(pause).toMatchObject({ from: 'verifying', to: 'paused', kind: 'budget' });
          const told = stores.notifications.list().filter((n) => n.kind === 'budget');
          expect(told).toHaveLength(1);
          expect(told[0]!.message).toMatch(
            /^big paused when its agent finished \(its usage came at the end of the run\): 60k of 10k tokens used \(600%\); continue with: grove resume big --budget \+(\S+)$/,
          );
          suggestion = /--budget (\S+)$/.exec(told[0]!.message)![1]!;
        } finally {
          await loop.stop();
          ctx.close();
        }
      }
      expect(p.git('rev-parse', 'main').trim()).toBe(mainBefore); // nothing landed over budget
      // The suggested amount is accepted (it used to suggest +10k, which grove then refused).
      const resumed = p.grove('resume', 'big', '--budget', suggestion);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(resumed.stdout).toContain('its agent had finished');
      {
        const { ctx, loop } = await startLoop(p.root, defaultPorts);
        try {
          expect((await loop.whenDone()).merged).toEqual(['big']);
          // No second agent run: the work went on from the gates.
          expect(openStores(ctx.db).attempts.listForTask('big')).toHaveLength(1);
        } finally {
          await loop.stop();
          ctx.close();
        }
      }
      expect(p.git('show', 'main:big.txt')).toBe('big\n');
    }, 120_000);
  },
);
