// Agent plans with the real CLIs against the mock model server (issue 18): the plan turn starts the
// pinned CLI in its own plan-only mode (Claude `--permission-mode plan`, Codex `--sandbox read-only`,
// Gemini `--approval-mode plan`), the CLI itself refuses the write the mock asks for, the plan it ends
// with waits in review, and after `grove approve` the SAME session (same id, `--resume`) implements it,
// out of plan mode, through the gates to merged.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attemptFiles, taskLogDir } from '../../src/app/attempts/files.js';
import type { ScenarioInput } from '../fixtures/model-server/scenario.js';
import { startModelServer, type ModelServer, type Protocol } from '../fixtures/model-server/server.js';
import type { AgentCliName } from '../helpers/agent-clis.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { worktreeOf } from '../helpers/grove-project.js';
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

const RUN_MS = 240_000;

/** The plan turn tries a write first (the CLI must refuse it), then answers with the plan. */
function scenarios(agent: AgentCliName): ScenarioInput[] {
  const id = `plan-${agent}`;
  return [
    {
      name: `${id}-plan`,
      match: `grove-e2e-plan: the ${agent} task`,
      steps: [
        { write: `src/${id}/too-early.txt`, content: 'written during the plan turn\n' },
        { text: `PLAN for ${agent}:\n1. Add src/${id}/hello.js.\n2. Commit it.` },
      ],
    },
    {
      name: `${id}-implement`,
      match: 'Implement the plan you wrote',
      steps: [
        { write: `src/${id}/hello.js`, content: `exports.hello = () => 'planned by ${agent}';\n` },
        commitStep(`Add ${id} as planned`),
        doneStep(`implemented the plan for ${agent}`),
      ],
    },
  ];
}

function launchArgs(root: string, taskId: string, n: number): string[] {
  const spec = attemptFiles(taskLogDir(join(root, '.git', 'grove'), taskId), n).launch;
  return (JSON.parse(readFileSync(spec, 'utf8')) as { args: string[] }).args;
}

function flagValue(args: readonly string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i < 0 ? undefined : args[i + 1];
}

/** How each CLI was kept from editing in the plan turn, and out of it afterwards. */
const PLAN_FLAG: Record<AgentCliName, { flag: string; plan: string; protocol: Protocol; refusal: string }> = {
  claude: { flag: '--permission-mode', plan: 'plan', protocol: 'anthropic', refusal: 'while in plan mode' },
  codex: {
    flag: '--sandbox',
    plan: 'read-only',
    protocol: 'openai',
    refusal: 'patch rejected: writing is blocked by read-only sandbox',
  },
  // Gemini's plan mode writes only plan files, in its own plans folder (under the agent's home).
  gemini: { flag: '--approval-mode', plan: 'plan', protocol: 'gemini', refusal: 'Access denied: plan path' },
};

async function planThenImplement(server: ModelServer, agent: AgentCliName): Promise<GroveProject> {
  const id = `plan-${agent}`;
  const p = makeRealProject({
    server,
    tasks: [{ id, agent, body: `grove-e2e-plan: the ${agent} task. Add src/${id}/hello.js.` }],
    configExtra: 'gates:\n  test: [node, -e, "0"]\nreview: { agent_plan: true }\n',
  });
  const { ctx, stores } = await openState(p.root);
  try {
    const first = startGroveRun(p.root);
    await waitFor(() => ['review', 'blocked', 'failed'].includes(stores.tasks.get(id)?.state ?? ''), {
      what: `${agent}'s plan waiting for review (or the task needing a person)`,
      timeoutMs: 90_000,
      explain: () => describeRun(first, stores),
    });
    expect(stores.tasks.require(id).state, describeRun(first, stores)).toBe('review');
    const firstExit = await first.exited;
    expect(firstExit.code, describeRun(first, stores)).toBe(1); // the plan needs a person
    // The CLI ran in its plan-only mode and refused the write itself: nothing to put back.
    const planArgs = launchArgs(p.root, id, 1);
    expect(flagValue(planArgs, PLAN_FLAG[agent].flag)).toBe(PLAN_FLAG[agent].plan);
    expect(existsSync(join(worktreeOf(p, id), `src/${id}/too-early.txt`))).toBe(false);
    // What the CLI answered the model's write with (the mock logs each request, tool results included).
    const answered = JSON.stringify(server.turns(PLAN_FLAG[agent].protocol).map((r) => r.body));
    expect(answered).toContain(PLAN_FLAG[agent].refusal);
    const plan = stores.agentPlans.latestPlan(id)?.plan ?? '';
    expect(plan).toContain(`PLAN for ${agent}:`);
    expect(plan).toContain(`1. Add src/${id}/hello.js.`);
    const view = p.grove('review', id);
    expect(view.stdout).toContain(`PLAN for ${agent}:`);
    const session = stores.tasks.require(id).session_id;
    expect(session).toBeTruthy();

    const approved = p.grove('approve', id);
    expect(approved.code, approved.stderr).toBe(0);
    const second = startGroveRun(p.root);
    await waitFor(() => stores.tasks.get(id)?.state === 'merged', {
      what: `${agent}'s planned task merged`,
      timeoutMs: 120_000,
      explain: () => describeRun(second, stores),
    });
    const exit = await second.exited;
    expect(exit.code, describeRun(second, stores)).toBe(0);
    // The same session resumed, out of plan mode.
    const attempts = stores.attempts.listForTask(id);
    expect(attempts.map((a) => a.kind)).toEqual(['initial', 'resume']);
    expect(attempts.map((a) => a.session_id)).toEqual([session, session]);
    const implementArgs = launchArgs(p.root, id, 2);
    expect(implementArgs.join(' ')).toContain(
      agent === 'codex' ? `resume ${session}` : `--resume ${session}`,
    );
    expect(flagValue(implementArgs, PLAN_FLAG[agent].flag)).not.toBe(PLAN_FLAG[agent].plan);
    expect(p.git('show', `main:src/${id}/hello.js`)).toContain(`planned by ${agent}`);
    expect(p.git('ls-tree', '-r', '--name-only', 'main')).not.toContain(`src/${id}/too-early.txt`);
    return p;
  } finally {
    ctx.close();
  }
}

for (const agent of ['claude', 'codex', 'gemini'] as const) {
  const missing = missingRealClis([agent]);
  describe.skipIf(missing.length > 0)(`an agent plan with the real ${agent} CLI`, () => {
    let server: ModelServer;
    let p: GroveProject | undefined;
    beforeAll(async () => {
      server = await startModelServer({ scenarios: scenarios(agent) });
    });
    afterAll(async () => {
      await server?.close();
      p?.cleanup();
    });
    it(
      `plans in ${PLAN_FLAG[agent].flag} ${PLAN_FLAG[agent].plan}, then the same session implements it once approved`,
      async () => {
        p = await planThenImplement(server, agent);
      },
      RUN_MS,
    );
  });
  if (missing.length > 0) console.warn(`[agent-plan-real] ${agent} skipped: ${missing.join('; ')}`);
}
