// What the sandbox e2e files share (sandbox-attempt: sandbox-runtime; sandbox-podman: containers): a
// fake HOME per test with a key in ~/.ssh, servers on loopback, and a repository with one task in its
// own worktree whose agent `boxed` runs a given script. Real processes, real git, real SQLite.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterEach, beforeEach } from 'vitest';
import type { AttemptFinished } from '../../src/app/attempts/index.js';
import { AttemptMonitor, attemptDeps } from '../../src/app/attempts/index.js';
import { openProject, type ProjectContext } from '../../src/app/context.js';
import { makeTempRepo, type TempRepo } from '../helpers/git-repo.js';

/** Where .ci/run unpacks bubblewrap, socat and ripgrep (found before a test swaps HOME). */
export const SANDBOX_TOOLS = join(
  process.env.XDG_CACHE_HOME || join(homedir(), '.cache'),
  'grove/sandbox/bin',
);

/** An HTTP server on 127.0.0.1 answering `body`, counting its requests. */
export async function listen(body: string): Promise<{ server: Server; port: number; hits: () => number }> {
  let hits = 0;
  const server = createServer((_req, res) => {
    hits += 1;
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as AddressInfo).port, hits: () => hits };
}

export interface SandboxSetup {
  repo: TempRepo;
  ctx: ProjectContext;
  worktree: string;
  monitor: AttemptMonitor;
  finished: AttemptFinished[];
}

export interface SandboxHarness {
  /** Run after the test, last first (servers, folders, monitors). */
  cleanups: Array<() => void | Promise<void>>;
  /** This test's HOME (with ~/.ssh/id_fake). */
  fakeHome: () => string;
  /**
   * A repository with one task in its own worktree and branch, and the agent `boxed`: a `command` agent
   * running the harness's script with `agent`'s fields on top, or `agent` itself when it names its own
   * adapter.
   */
  setup: (agent: Record<string, unknown>) => Promise<SandboxSetup>;
}

/** Registers this file's hooks: a fake HOME for each test, and the cleanups run after it. */
export function sandboxHarness(agentScript: string): SandboxHarness {
  const cleanups: Array<() => void | Promise<void>> = [];
  const realHome = process.env.HOME;
  let fakeHome = '';
  beforeEach(() => {
    fakeHome = mkdtempSync(join(tmpdir(), 'grove-sandbox-home-'));
    mkdirSync(join(fakeHome, '.ssh'));
    writeFileSync(join(fakeHome, '.ssh', 'id_fake'), 'FAKE PRIVATE KEY\n');
    const tools = process.env.GROVE_SANDBOX_TOOLS;
    process.env.HOME = fakeHome;
    process.env.GROVE_SANDBOX_TOOLS ??= SANDBOX_TOOLS; // the layer stays where the real home has it
    cleanups.push(() => {
      process.env.HOME = realHome;
      if (tools === undefined) delete process.env.GROVE_SANDBOX_TOOLS;
      else process.env.GROVE_SANDBOX_TOOLS = tools;
      rmSync(fakeHome, { recursive: true, force: true });
    });
  });
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function setup(agent: Record<string, unknown>): Promise<SandboxSetup> {
    const scripts = mkdtempSync(join(tmpdir(), 'grove-sandbox-agent-'));
    cleanups.push(() => rmSync(scripts, { recursive: true, force: true }));
    writeFileSync(join(scripts, 'agent.cjs'), agentScript);
    const command = { adapter: 'command', bin: process.execPath, args: [join(scripts, 'agent.cjs')] };
    const config = { agents: { boxed: 'adapter' in agent ? agent : { ...command, ...agent } } };
    const repo = makeTempRepo({
      files: {
        '.grove/config.yaml': stringify(config),
        '.grove/tasks/t1.md': '---\nid: t1\ntitle: Task t1\nowns: ["src/**"]\n---\nDo t1.\n',
        'AGENTS.md': '# Lessons\n',
      },
    });
    const worktree = join(repo.parent, 'wt-t1');
    repo.git('worktree', 'add', '-q', '-b', 'grove/t1', worktree);
    const ctx = await openProject(repo.root);
    ctx.store.upsert('t1', { title: 'Task t1', worktree, branch: 'grove/t1' });
    const monitor = new AttemptMonitor(attemptDeps(ctx), { pollMs: 200 });
    const finished: AttemptFinished[] = [];
    monitor.onFinished((e) => finished.push(e));
    cleanups.push(() => {
      monitor.close();
      ctx.close();
      repo.cleanup();
    });
    return { repo, ctx, worktree, monitor, finished };
  }

  return { cleanups, fakeHome: () => fakeHome, setup };
}

/** The agent events an attempt stored, as `<kind>: <text>` lines. */
export function agentLines(ctx: ProjectContext, attemptId: number): string[] {
  return (
    ctx.db
      .prepare("SELECT data FROM events WHERE type = 'agent' AND attempt_id = ? ORDER BY id")
      .all(attemptId) as Array<{
      data: string;
    }>
  ).map((r) => {
    const e = (JSON.parse(r.data) as { event: { kind: string; text?: string; message?: string } }).event;
    return `${e.kind}: ${e.text ?? e.message ?? ''}`;
  });
}
