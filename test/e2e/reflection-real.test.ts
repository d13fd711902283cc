// Issue 20, the agent's own reflection with a real CLI against the mock model server: after the task's
// gates pass, grove resumes the SAME Claude Code session (`--resume <id>`) in its plan mode and asks for
// the one thing the next agent should know; the mock answers with a rule, and it becomes a proposal with
// source `reflection`, while the task goes on to merged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../fixtures/model-server/scenario.js';
import { startModelServer, type ModelServer } from '../fixtures/model-server/server.js';
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

const RULE = 'Run the greeting test with node --test (because the repo has no test runner installed)';

const SCENARIOS: ScenarioInput[] = [
  {
    name: 'reflect-work',
    match: 'grove-e2e-reflect: the claude task',
    steps: [
      { write: 'src/reflect-claude/hello.js', content: "exports.hello = () => 'hi';\n" },
      commitStep('Add reflect-claude'),
      doneStep('added the greeting'),
    ],
  },
  {
    name: 'reflect-answer',
    match: 'grove reflection:',
    steps: [{ text: `Looking back at the task.\nRULE: ${RULE}`, usage: { input: 321, output: 12 } }],
  },
];

const missing = missingRealClis(['claude']);
describe.skipIf(missing.length > 0)('the reflection turn with the real claude CLI', () => {
  let server: ModelServer;
  let p: GroveProject | undefined;
  beforeAll(async () => {
    server = await startModelServer({ scenarios: SCENARIOS });
  });
  afterAll(async () => {
    await server?.close();
    p?.cleanup();
  });
  it('resumes the same session read-only and keeps its rule as a proposal', async () => {
    const id = 'reflect-claude';
    p = makeRealProject({
      server,
      tasks: [
        { id, agent: 'claude', body: 'grove-e2e-reflect: the claude task. Add src/reflect-claude/hello.js.' },
      ],
      configExtra: 'gates:\n  test: [node, -e, "0"]\n',
    });
    const { ctx, stores } = await openState(p.root);
    try {
      const run = startGroveRun(p.root);
      await waitFor(() => stores.tasks.get(id)?.state === 'merged', {
        what: 'the claude task merged',
        timeoutMs: 150_000,
        explain: () => describeRun(run, stores),
      });
      const exit = await run.exited;
      expect(exit.code, describeRun(run, stores)).toBe(0);
      const refl = stores.journal.forTask(id, ['reflection']);
      expect(
        refl.map((r) => r.data.outcome),
        describeRun(run, stores),
      ).toEqual(['rule']);
      expect(refl[0]!.data.rule).toBe(RULE);
      expect(refl[0]!.data.tokens).toBeGreaterThanOrEqual(333);
      // The same session, in plan mode: the request carried the work's history and grove's question.
      const asked = server
        .turns('anthropic')
        .map((t) => JSON.stringify(t.body))
        .filter((b) => b.includes('grove reflection:'));
      expect(asked.length).toBeGreaterThan(0);
      expect(asked[0]).toContain('grove-e2e-reflect: the claude task');
      const proposals = JSON.parse(p.grove('retro', '--json').stdout) as Array<{
        entry: string;
        evidence: Array<{ task: string; source: string; attempt?: number }>;
      }>;
      expect(proposals.find((x) => x.entry === RULE)?.evidence).toEqual([
        { task: id, source: 'reflection', attempt: 1 },
      ]);
    } finally {
      ctx.close();
    }
  }, 200_000);
});
if (missing.length > 0) console.warn(`[reflection-real] claude skipped: ${missing.join('; ')}`);
