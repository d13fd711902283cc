// Shared by the grove-run-real-agents*.test.ts proofs: a grove project whose agents `claude`, `codex`
// and `gemini` are the pinned real CLIs pointed at one in-process mock model server, `grove run` (the
// real bin) as a child process, and small readers of what grove stored.
import { openProject } from '../../src/app/context.js';
import type { ProjectContext } from '../../src/app/context.js';
import type { Stores } from '../../src/infra/db/stores.js';
import { openStores } from '../../src/infra/db/stores.js';
import type { ScenarioInput, Usage } from '../fixtures/model-server/scenario.js';
import type { LoggedRequest, ModelServer, Protocol } from '../fixtures/model-server/server.js';
import { agentCli, type AgentCliName } from '../helpers/agent-clis.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { makeGroveProject } from '../helpers/grove-project.js';
import type { ScriptProcess } from '../helpers/node-script.js';
import { startNode } from '../helpers/node-script.js';

export const BIN = new URL('../../bin/grove.js', import.meta.url).pathname;

export interface RealAgent {
  name: AgentCliName;
  protocol: Protocol;
  /** The agent definition in .grove/config.yaml (env pointing at the mock server). */
  definition(serverUrl: string): Record<string, unknown>;
}

// Each agent may run shell commands (the scenarios commit with git): Claude in bypassPermissions (as
// root that needs IS_SANDBOX=1), Codex without its sandbox, Gemini in yolo mode.
export const REAL_AGENTS: readonly RealAgent[] = [
  {
    name: 'claude',
    protocol: 'anthropic',
    definition: (url) => ({
      adapter: 'claude',
      bin: agentCli('claude').bin,
      permission_mode: 'bypassPermissions',
      env: { ANTHROPIC_BASE_URL: url, ANTHROPIC_API_KEY: 'grove-e2e-key', IS_SANDBOX: '1' },
    }),
  },
  {
    name: 'codex',
    protocol: 'openai',
    definition: (url) => ({
      adapter: 'codex',
      bin: agentCli('codex').bin,
      permission_mode: 'danger-full-access',
      env: { OPENAI_BASE_URL: `${url}/v1` },
    }),
  },
  {
    name: 'gemini',
    protocol: 'gemini',
    definition: (url) => ({
      adapter: 'gemini',
      bin: agentCli('gemini').bin,
      permission_mode: 'yolo',
      env: { GOOGLE_GEMINI_BASE_URL: url, GEMINI_API_KEY: 'grove-e2e-key' },
    }),
  },
];

/** Why the proofs cannot run here (CLIs not installed), or an empty list. */
export function missingRealClis(names: readonly AgentCliName[] = ['claude', 'codex', 'gemini']): string[] {
  return names.map((n) => agentCli(n).missing).filter((m) => m !== undefined);
}

export interface RealTask {
  id: string;
  agent: AgentCliName;
  /** The task body: carries the marker the mock's scenario matches. */
  body: string;
  /** Extra front matter lines, e.g. `budget: { tokens: 10000 }`. */
  extra?: string;
}

/** A repo with `.grove/config.yaml` (the three real agents + `configExtra`) and one file per task. */
export function makeRealProject(opts: {
  server: ModelServer;
  tasks: readonly RealTask[];
  /** YAML lines appended to the config (gates, budgets, stuck...). */
  configExtra: string;
  files?: Record<string, string>;
}): GroveProject {
  const agents = Object.fromEntries(REAL_AGENTS.map((a) => [a.name, a.definition(opts.server.url)]));
  const config = [`wip: 3`, `agents: ${JSON.stringify(agents)}`, opts.configExtra, ''].join('\n');
  const files: Record<string, string> = { ...opts.files };
  for (const t of opts.tasks) {
    files[`.grove/tasks/${t.id}.md`] = [
      '---',
      `id: ${t.id}`,
      `title: Task ${t.id}`,
      `agent: ${t.agent}`,
      `owns: ["src/${t.id}/**"]`,
      ...(t.extra ? [t.extra] : []),
      '---',
      t.body,
      '',
    ].join('\n');
  }
  return makeGroveProject({ config, files });
}

/** Commits everything in the agent's working directory (the step ignores "nothing to commit"). */
export function commitStep(message: string, usage?: Partial<Usage>): ScenarioInput['steps'][number] {
  return { shell: `git add -A && git commit -q -m '${message}' || true`, ...(usage ? { usage } : {}) };
}

/** The final message with grove's result contract. */
export function doneStep(summary: string, usage?: Partial<Usage>): ScenarioInput['steps'][number] {
  return {
    text: `${summary}\n\n\`\`\`json\n${JSON.stringify({ status: 'completed', summary, learnings: [] })}\n\`\`\``,
    ...(usage ? { usage } : {}),
  };
}

/** `grove run --no-dashboard` in the project, as a child process. */
export function startGroveRun(root: string, ...args: string[]): ScriptProcess {
  return startNode([BIN, 'run', '--no-dashboard', ...args], { cwd: root });
}

export async function openState(root: string): Promise<{ ctx: ProjectContext; stores: Stores }> {
  const ctx = await openProject(root);
  return { ctx, stores: openStores(ctx.db) };
}

/** Usage as the mock sent it, in the store's shape (total = input + output + cache writes). */
export function sentTotals(server: ModelServer, protocol: Protocol): Usage & { total: number } {
  const u = server.usageSent(protocol);
  return { ...u, total: u.input + u.output + u.cacheWrite };
}

/** A gate on scenario replies: requests `match` selects wait until `release()`. */
export function holdReplies(
  server: ModelServer,
  match: (r: LoggedRequest) => boolean,
): { held: () => LoggedRequest[]; release: () => void } {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const held: LoggedRequest[] = [];
  server.setHold((r) => {
    if (!match(r)) return undefined;
    held.push(r);
    return gate;
  });
  return {
    held: () => held,
    release: () => {
      server.setHold(undefined);
      release();
    },
  };
}

/** The last lines of grove's output and each task's state, for failure messages. */
export function describeRun(run: ScriptProcess | undefined, stores: Stores | undefined): string {
  const states = stores ? stores.tasks.list().map((t) => `${t.id}: ${t.state}`) : [];
  return `states: ${states.join(', ')}\ngrove run output:\n${run?.output().slice(-4000) ?? ''}`;
}
