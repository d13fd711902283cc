// Issue 8's proof: `grove run` drives the real Claude Code, Codex and Gemini CLIs in parallel worktrees
// against the mock model server; each edits files through its own tools, grove stores the tool calls and
// the usage the mock sent, the gates run, the queue merges all three, and the totals match the mock's.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../fixtures/model-server/scenario.js';
import { startModelServer, type ModelServer } from '../fixtures/model-server/server.js';
import type { GroveProject } from '../helpers/grove-project.js';
import type { ScriptProcess } from '../helpers/node-script.js';
import { waitFor } from '../helpers/wait.js';
import {
  commitStep,
  describeRun,
  doneStep,
  makeRealProject,
  missingRealClis,
  openState,
  REAL_AGENTS,
  sentTotals,
  startGroveRun,
} from './grove-run-real-agents-fixture.js';

const missing = missingRealClis();
const RUN_MS = 240_000;
/** States a task does not leave without a person. */
const SETTLED = new Set(['merged', 'blocked', 'failed', 'abandoned']);

/** One task per agent: write a module and its test, commit, finish. Usage differs per agent. */
function taskScenario(agent: string, i: number): ScenarioInput {
  const id = `by-${agent}`;
  return {
    name: id,
    match: `grove-e2e-run: the ${agent} task`,
    usage: { input: 1000 + i * 100, output: 40 + i, cacheRead: 200, cacheWrite: 10 * i },
    steps: [
      { write: `src/${id}/hello.js`, content: `exports.hello = () => 'hello from ${agent}';\n` },
      {
        write: `src/${id}/hello.test.js`,
        content: [
          `const test = require('node:test');`,
          `const assert = require('node:assert');`,
          `const { hello } = require('./hello.js');`,
          `test('${agent} says hello', () => assert.strictEqual(hello(), 'hello from ${agent}'));`,
          '',
        ].join('\n'),
      },
      commitStep(`Add ${id}`),
      doneStep(`added src/${id}`),
    ],
  };
}

describe.skipIf(missing.length > 0)('grove run with the real claude, codex and gemini CLIs', () => {
  let server: ModelServer;
  let p: GroveProject | undefined;
  let run: ScriptProcess | undefined;
  beforeAll(async () => {
    server = await startModelServer({ scenarios: REAL_AGENTS.map((a, i) => taskScenario(a.name, i)) });
  });
  afterAll(async () => {
    if (run && run.child.exitCode === null) run.child.kill('SIGKILL');
    await server?.close();
    p?.cleanup();
  });

  it(
    'runs a 3-task plan to merged: tool calls with files, gates, queue, usage equal to what the mock sent',
    async () => {
      const started = Date.now();
      p = makeRealProject({
        server,
        tasks: REAL_AGENTS.map((a) => ({
          id: `by-${a.name}`,
          agent: a.name,
          body: `grove-e2e-run: the ${a.name} task. Add src/by-${a.name}/hello.js with a test.`,
        })),
        configExtra: 'gates:\n  test: [node, --test]\n',
      });
      run = startGroveRun(p.root);
      const { ctx, stores } = await openState(p.root);
      try {
        // All three run at once (wip 3): each has a live attempt before any finished.
        await waitFor(() => stores.attempts.listUnfinished().length === 3, {
          what: 'three agents running at once',
          timeoutMs: 60_000,
          explain: () => describeRun(run, stores),
        });
        const ids = REAL_AGENTS.map((a) => `by-${a.name}`);
        await waitFor(() => ids.every((id) => SETTLED.has(stores.tasks.require(id).state)), {
          what: 'all three merged (or needing a person)',
          timeoutMs: RUN_MS - 70_000,
          explain: () => describeRun(run, stores),
        });
        const exit = await run.exited;
        expect(exit.code, describeRun(run, stores) + exit.stderr).toBe(0);

        for (const a of REAL_AGENTS) {
          const id = `by-${a.name}`;
          const task = stores.tasks.require(id);
          expect(task.state).toBe('merged');
          // grove's stored events: the CLI's own tool calls naming the files it wrote in its worktree.
          const worktree = task.worktree ?? '';
          const files = stores.agentEvents.filesTouched(id);
          expect(files, a.name).toEqual(
            expect.arrayContaining([
              join(worktree, `src/${id}/hello.js`),
              join(worktree, `src/${id}/hello.test.js`),
            ]),
          );
          // The usage grove stored is exactly what the mock sent on that CLI's protocol.
          const stored = stores.usage.totalsForTask(id);
          expect({ ...stored, costUsd: 0, unpriced: undefined }, a.name).toEqual({
            ...sentTotals(server, a.protocol),
            costUsd: 0,
          });
          expect(stores.gates.listForTask(id).map((g) => [g.gate, g.ok])).toContainEqual(['test', true]);
          expect(stores.attempts.listForTask(id)).toHaveLength(1);
          // Merged into main: the files are on the base branch.
          expect(p.git('show', `main:src/${id}/hello.js`)).toContain(`hello from ${a.name}`);
        }
        const report = p.grove('report', '--json');
        expect(report.code, report.stderr).toBe(0);
        const figures = JSON.parse(report.stdout) as { totals: { tokens: Record<string, number> } };
        const sent = REAL_AGENTS.map((a) => sentTotals(server, a.protocol));
        const sum = (k: 'input' | 'output' | 'cacheRead' | 'cacheWrite' | 'total'): number =>
          sent.reduce((s, u) => s + u[k], 0);
        expect(figures.totals.tokens).toEqual({
          input: sum('input'),
          output: sum('output'),
          cacheRead: sum('cacheRead'),
          cacheWrite: sum('cacheWrite'),
          total: sum('total'),
        });
        console.log(`[grove-run-real-agents] 3-task plan to merged: ${Date.now() - started} ms`);
      } finally {
        ctx.close();
      }
    },
    RUN_MS,
  );
});

if (missing.length > 0) console.warn(`[grove-run-real-agents] skipped: ${missing.join('; ')}`);
