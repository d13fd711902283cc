// Issue 20, the agent's own reflection with the real CLIs against the mock model server: after the
// task's gates pass, grove resumes the SAME session (Claude `--resume`, Codex `exec resume`, Gemini
// `--resume`) in the CLI's plan-only mode and asks for the one thing the next agent should know; the
// mock answers with a rule, which becomes a proposal with source `reflection`, and the task merges.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../fixtures/model-server/scenario.js';
import { startModelServer, type ModelServer, type Protocol } from '../fixtures/model-server/server.js';
import type { AgentCliName } from '../helpers/agent-clis.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { waitFor } from '../helpers/wait.js';
import {
  commitStep,
  describeRun,
  doneStep,
  makeRealProject,
  missingRealClis,
  openState,
  startGroveRun,
} from './grove-run-real-agents-fixture.js';

const rule = (agent: string): string =>
  `Run the ${agent} greeting test with node --test (because the repo has no test runner installed)`;

function scenarios(agent: AgentCliName): ScenarioInput[] {
  return [
    {
      name: `reflect-${agent}-work`,
      match: `grove-e2e-reflect: the ${agent} task`,
      steps: [
        { write: `src/reflect-${agent}/hello.js`, content: "exports.hello = () => 'hi';\n" },
        commitStep(`Add reflect-${agent}`),
        doneStep('added the greeting'),
      ],
    },
    {
      name: `reflect-${agent}-answer`,
      match: 'grove reflection:',
      steps: [{ text: `Looking back at the task.\nRULE: ${rule(agent)}`, usage: { input: 321, output: 12 } }],
    },
  ];
}

const PROTOCOL: Record<AgentCliName, Protocol> = { claude: 'anthropic', codex: 'openai', gemini: 'gemini' };

for (const agent of ['claude', 'codex', 'gemini'] as const) {
  const missing = missingRealClis([agent]);
  describe.skipIf(missing.length > 0)(`the reflection turn with the real ${agent} CLI`, () => {
    let server: ModelServer;
    let p: GroveProject | undefined;
    beforeAll(async () => {
      server = await startModelServer({ scenarios: scenarios(agent) });
    });
    afterAll(async () => {
      await server?.close();
      p?.cleanup();
    });
    it('resumes the same session read-only and keeps its rule as a proposal', async () => {
      const id = `reflect-${agent}`;
      p = makeRealProject({
        server,
        tasks: [{ id, agent, body: `grove-e2e-reflect: the ${agent} task. Add src/${id}/hello.js.` }],
        configExtra: 'gates:\n  test: [node, -e, "0"]\n',
      });
      const { ctx, stores } = await openState(p.root);
      try {
        const run = startGroveRun(p.root);
        await waitFor(() => stores.tasks.get(id)?.state === 'merged', {
          what: `the ${agent} task merged`,
          timeoutMs: 150_000,
          explain: () => describeRun(run, stores),
        });
        const exit = await run.exited;
        expect(exit.code, describeRun(run, stores)).toBe(0);
        const refl = stores.journal.forTask(id, ['reflection']);
        expect(
          refl.map((r) => r.data.outcome),
          `${describeRun(run, stores)}\n${JSON.stringify(refl)}`,
        ).toEqual(['rule']);
        expect(refl[0]!.data.rule).toBe(rule(agent));
        expect(refl[0]!.data.tokens).toBeGreaterThan(0);
        // The same session: the request carrying grove's question also carries the work's history.
        const asked = server
          .turns(PROTOCOL[agent])
          .map((t) => JSON.stringify(t.body))
          .filter((b) => b.includes('grove reflection:'));
        expect(asked.length).toBeGreaterThan(0);
        expect(asked[0]).toContain(`grove-e2e-reflect: the ${agent} task`);
        const proposals = JSON.parse(p.grove('retro', '--json').stdout) as Array<{
          entry: string;
          evidence: Array<{ task: string; source: string; attempt?: number }>;
        }>;
        expect(proposals.find((x) => x.entry === rule(agent))?.evidence).toEqual([
          { task: id, source: 'reflection', attempt: 1 },
        ]);
      } finally {
        ctx.close();
      }
    }, 200_000);
  });
  if (missing.length > 0) console.warn(`[reflection-real] ${agent} skipped: ${missing.join('; ')}`);
}
