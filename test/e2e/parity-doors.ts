// Two doors onto one lead action, for the parity test: the real CLI (bin/grove.js) and the real
// dashboard server (`grove dashboard` in its own process, HTTP on 127.0.0.1 with its token), each on a
// fresh, identical grove project. What is compared afterwards: the task row, its attempts, the journal
// and the knowledge files, with ids, times, paths and the `by` field (which differs on purpose) left out.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { AttemptMonitor } from '../../src/app/attempts/monitor.js';
import { attemptDeps } from '../../src/app/attempts/deps.js';
import type { ProjectContext } from '../../src/app/context.js';
import { openProject } from '../../src/app/context.js';
import { syncTasks } from '../../src/app/sync-tasks.js';
import type { DashboardAction } from '../../src/shared/api.js';
import { ActionResultSchema } from '../../src/shared/api.js';
import { fixture } from '../fixtures/agents/project.js';
import { startDashboardProcess } from '../helpers/dashboard-process.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { makeGroveProject } from '../helpers/grove-project.js';
import { waitFor } from '../helpers/wait.js';

export const TASK = 't';

/** The project both doors start from: agents that are real scripts (`hang` waits for a signal). */
const CONFIG = {
  default_agent: 'hang',
  agents: {
    hang: { adapter: 'command', bin: fixture('hang.sh') },
    other: { adapter: 'command', bin: fixture('hang.sh') },
  },
  attempts: { kill_grace: '300ms' },
  budgets: { tokens: 1000 },
};

export interface Setup {
  /** Brings the task (synced from its file, `planned`) to the state the case needs. */
  prepare(ctx: ProjectContext): void;
  /** Starts the hanging agent for the task and waits until it runs: the action must stop it. */
  live?: boolean;
  /** More config (merged over CONFIG's top-level keys). */
  config?: Record<string, unknown>;
  files?: Record<string, string>;
}

export type DoorReply =
  { kind: 'done'; message: string } | { kind: 'refused'; message: string; code?: string | undefined };

export interface Outcome {
  reply: DoorReply;
  task: Record<string, unknown>;
  attempts: Array<Record<string, unknown>>;
  journal: unknown[];
  files: Record<string, string | null>;
}

async function startLiveAgent(ctx: ProjectContext, root: string): Promise<void> {
  const monitor = new AttemptMonitor(attemptDeps(ctx), { pollMs: 50 });
  try {
    const row = await monitor.start({
      taskId: TASK,
      kind: 'initial',
      prompt: 'go',
      agentName: 'hang',
      worktree: root,
    });
    await waitFor(
      () =>
        ctx.db
          .prepare("SELECT 1 FROM events WHERE type = 'agent' AND attempt_id = ? AND data LIKE '%ready%'")
          .get(row.id),
      { what: 'the hanging agent to print ready' },
    );
  } finally {
    monitor.close(); // the agent runs on, detached, as it would after a grove restart
  }
}

async function makeProject(setup: Setup): Promise<GroveProject> {
  const p = makeGroveProject({
    config: stringify({ ...CONFIG, ...setup.config }),
    tasks: [TASK],
    ...(setup.files ? { files: setup.files } : {}),
  });
  const ctx = await openProject(p.root);
  try {
    syncTasks(ctx.store, ctx.tasks, ctx.config);
    ctx.store.patch(TASK, { worktree: p.root });
    setup.prepare(ctx);
    if (setup.live) await startLiveAgent(ctx, p.root);
  } finally {
    ctx.close();
  }
  return p;
}

/** Leaves no agent behind when a case fails before its action stopped it. */
async function killLeftovers(p: GroveProject): Promise<void> {
  const ctx = await openProject(p.root);
  try {
    for (const a of ctx.stores.attempts.listUnfinished()) {
      if (a.pid === null) continue;
      try {
        process.kill(-a.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  } finally {
    ctx.close();
  }
}

const DROPPED = new Set(['by', 'at', 'attemptId', 'pid', 'processStart', 'startedAt', 'endedAt']);
/** Row ids differ between the two databases; a learning's id (`L1`) is a string and is kept. */
const dropped = (key: string, value: unknown): boolean =>
  DROPPED.has(key) || (key === 'id' && typeof value === 'number');

function scrub(value: unknown, root: string): unknown {
  if (typeof value === 'string') return value.split(root).join('<repo>');
  if (Array.isArray(value)) return value.map((v) => scrub(v, root));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k, v]) => !dropped(k, v))
        .map(([k, v]) => [k, scrub(v, root)]),
    );
  }
  return value;
}

async function outcomeOf(p: GroveProject, reply: DoorReply): Promise<Outcome> {
  const ctx = await openProject(p.root);
  try {
    const t = ctx.store.require(TASK);
    const rows = ctx.db
      .prepare("SELECT type, data FROM events WHERE task_id = ? OR type = 'learning' ORDER BY id")
      .all(TASK) as Array<{ type: string; data: string }>;
    const read = (name: string): string | null =>
      existsSync(join(p.root, name)) ? readFileSync(join(p.root, name), 'utf8') : null;
    return {
      reply,
      task: { state: t.state, agent: t.agent, budget: t.budget_tokens, session: t.session_id },
      attempts: ctx.stores.attempts.listForTask(TASK).map((a) => ({
        n: a.n,
        kind: a.kind,
        agent: a.agent,
        ended: a.ended_at !== null,
        outcome: a.outcome,
        signal: a.signal,
      })),
      journal: rows.map((r) => scrub({ type: r.type, ...(JSON.parse(r.data) as object) }, p.root)),
      files: { 'AGENTS.md': read('AGENTS.md'), 'CLAUDE.md': read('CLAUDE.md') },
    };
  } finally {
    ctx.close();
  }
}

/** Runs `grove <args>` on a fresh project. */
export async function throughCli(setup: Setup, args: string[]): Promise<Outcome> {
  const p = await makeProject(setup);
  try {
    const r = p.grove(...args);
    const reply: DoorReply =
      r.code === 0 ? { kind: 'done', message: r.stdout } : { kind: 'refused', message: r.stderr };
    return await outcomeOf(p, reply);
  } finally {
    await killLeftovers(p);
    p.cleanup();
  }
}

/** POSTs the action to a real `grove dashboard` serving a fresh project. */
export async function throughDashboard(setup: Setup, action: DashboardAction): Promise<Outcome> {
  const p = await makeProject(setup);
  const dashboard = await startDashboardProcess(p.root);
  try {
    const token = new URL(dashboard.url).searchParams.get('token') ?? '';
    const res = await fetch(`${dashboard.origin}/api/actions`, {
      method: 'POST',
      headers: { 'x-grove-token': token, 'content-type': 'application/json' },
      body: JSON.stringify(action),
    });
    const body = ActionResultSchema.parse(await res.json());
    if ((res.status === 200) !== (body.kind === 'done'))
      throw new Error(`status ${res.status} for a ${body.kind} result`);
    const reply: DoorReply =
      body.kind === 'done'
        ? { kind: 'done', message: body.message }
        : { kind: 'refused', message: body.message, code: body.code };
    return await outcomeOf(p, reply);
  } finally {
    await dashboard.stop();
    await killLeftovers(p);
    p.cleanup();
  }
}
