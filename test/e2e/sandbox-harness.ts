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

/**
 * The sandboxed agent's script: each step prints one line "<step> ok|failed: <why>" on stdout (failures
 * also on stderr). The common steps (write and commit in the worktree, write outside it, read ~/.ssh,
 * write AGENTS.md, reach the allowed and the other server, tunnel to the allowed one), then `ownSteps`.
 */
export function sandboxAgent(ownSteps: string): string {
  return `${COMMON_AGENT}${ownSteps}})();\n`;
}

const COMMON_AGENT = String.raw`
const fs = require('node:fs');
const http = require('node:http');
const { execFileSync } = require('node:child_process');
const env = process.env;
const step = async (name, fn) => {
  try { const r = await fn(); console.log(name + ' ok' + (r ? ': ' + r : '')); }
  catch (e) { console.log(name + ' failed: ' + e.message); console.error(name + ' failed: ' + e.message); }
};
// A proxy-aware client: the absolute-form request to $http_proxy (with its credentials).
const viaProxy = (url) => new Promise((resolve, reject) => {
  const proxy = new URL(env.http_proxy);
  const auth = Buffer.from(decodeURIComponent(proxy.username) + ':' + decodeURIComponent(proxy.password)).toString('base64');
  const req = http.request({ host: proxy.hostname, port: proxy.port, path: url, headers: { 'proxy-authorization': 'Basic ' + auth } }, (res) => {
    let body = ''; res.on('data', (d) => (body += d));
    res.on('end', () => res.statusCode === 200 ? resolve(body) : reject(new Error('HTTP ' + res.statusCode + ' for ' + url + ' ' + body.trim().slice(0, 120))));
  });
  req.on('error', reject); req.end();
});
// A CONNECT tunnel through the proxy (how HTTPS goes), then a plain request inside it.
const viaTunnel = (target) => new Promise((resolve, reject) => {
  const proxy = new URL(env.http_proxy);
  const auth = Buffer.from(decodeURIComponent(proxy.username) + ':' + decodeURIComponent(proxy.password)).toString('base64');
  const req = http.request({ host: proxy.hostname, port: proxy.port, method: 'CONNECT', path: target, headers: { 'proxy-authorization': 'Basic ' + auth } });
  req.on('connect', (res, socket) => {
    if (res.statusCode !== 200) { socket.destroy(); return reject(new Error('CONNECT ' + res.statusCode)); }
    let body = ''; socket.on('data', (d) => (body += d)); socket.on('end', () => resolve(body.split('\r\n\r\n')[1] ?? ''));
    socket.write('GET / HTTP/1.1\r\nHost: ' + target + '\r\nConnection: close\r\n\r\n');
  });
  req.on('error', reject); req.end();
});
(async () => {
  await step('write-worktree', () => fs.writeFileSync('inside.txt', 'made inside\n'));
  await step('commit', () => {
    execFileSync('git', ['add', 'inside.txt']);
    execFileSync('git', ['commit', '-q', '-m', 'Made inside the sandbox']);
  });
  await step('write-outside', () => fs.writeFileSync(env.OUTSIDE_FILE, 'escaped\n'));
  await step('read-ssh', () => fs.readFileSync(env.HOME_SSH_KEY, 'utf8').trim());
  await step('write-agents-md', () => fs.writeFileSync(env.MAIN_AGENTS_MD, '# taken over\n'));
  await step('reach-allowed', () => viaProxy('http://127.0.0.1:' + env.ALLOWED_PORT + '/'));
  await step('reach-other', () => viaProxy('http://127.0.0.1:' + env.OTHER_PORT + '/'));
  await step('tunnel-allowed', () => viaTunnel('127.0.0.1:' + env.ALLOWED_PORT));
`;

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
