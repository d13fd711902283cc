// Issue 19, sandboxes: a `command` agent run with `sandbox:` (Anthropic's sandbox-runtime: bubblewrap and
// a filtering proxy) writes and commits in its worktree and reaches the one allowed server on loopback,
// while a write outside its worktree, a read of ~/.ssh, a write of AGENTS.md in the main checkout and a
// request to a second, not allowed, server on loopback are refused, and the attempt says what was denied.
// Without the layer the attempt does not start. Real processes, real git, real servers on 127.0.0.1.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findProgram, sandboxToolDirs } from '../../src/infra/sandbox/layer.js';
import { loadScenarios } from '../fixtures/model-server/scenario.js';
import { startModelServer } from '../fixtures/model-server/server.js';
import { agentCli } from '../helpers/agent-clis.js';
import { agentLines, listen, SANDBOX_TOOLS, sandboxAgent, sandboxHarness } from './sandbox-harness.js';

const haveLayer = ['bwrap', 'socat', 'rg'].every(
  (p) => findProgram(p, sandboxToolDirs(process.env)) !== undefined,
);
if (!haveLayer && process.env.GROVE_TEST_REQUIRE_ALL === '1')
  throw new Error(`sandbox tests need bwrap, socat and rg in ${SANDBOX_TOOLS} (run .ci/run)`);

// The real Claude Code CLI (found before the test swaps HOME), for the case with a real agent.
const claude = agentCli('claude');
if (claude.bin === undefined && process.env.GROVE_TEST_REQUIRE_ALL === '1')
  throw new Error(`the sandboxed real-agent test needs ${claude.missing}`);
const SCENARIOS = join(import.meta.dirname, '../fixtures/model-server/scenarios');

// The agent: the harness's common steps, then this engine's own.
const AGENT = sandboxAgent(String.raw`
  await step('unix-socket', () => new Promise((resolve, reject) => {
    const server = require('node:net').createServer();
    server.on('error', reject);
    server.listen(require('node:path').join(env.TMPDIR, 'agent.sock'), () => { server.close(); resolve('listening'); });
  }));
`);

const harness = sandboxHarness(AGENT);
const { cleanups, setup } = harness;

describe.runIf(process.platform === 'linux' && haveLayer)('sandboxed attempts (sandbox-runtime)', () => {
  it('keeps the agent to its worktree, its git data and the allowed host, and reports what it denied', async () => {
    const allowed = await listen('allowed-ok');
    const other = await listen('other-reached');
    cleanups.push(() => {
      allowed.server.close();
      other.server.close();
    });
    const outside = mkdtempSync(join(tmpdir(), 'grove-sandbox-outside-'));
    cleanups.push(() => rmSync(outside, { recursive: true, force: true }));
    const s = await setup({
      sandbox: { allow_hosts: [`127.0.0.1:${allowed.port}`] },
      env: {
        OUTSIDE_FILE: join(outside, 'escape.txt'),
        HOME_SSH_KEY: join(harness.fakeHome(), '.ssh', 'id_fake'),
        MAIN_AGENTS_MD: '', // set below: the repository's path is known only now
        ALLOWED_PORT: String(allowed.port),
        OTHER_PORT: String(other.port),
      },
    });
    // The agent's env names the main checkout's AGENTS.md.
    s.ctx.config.agents.boxed!.env.MAIN_AGENTS_MD = join(s.repo.root, 'AGENTS.md');

    const row = await s.monitor.start({ taskId: 't1', kind: 'initial', prompt: 'go', agentName: 'boxed' });
    await s.monitor.idle();
    const lines = agentLines(s.ctx, row.id);
    const said = (step: string): string =>
      lines.find((l) => l.startsWith(`message: ${step} `)) ?? `(no ${step} line)`;

    // Allowed: its worktree, a commit on its branch, the allowed server.
    expect(said('write-worktree')).toBe('message: write-worktree ok');
    expect(readFileSync(join(s.worktree, 'inside.txt'), 'utf8')).toBe('made inside\n');
    expect(said('commit')).toBe('message: commit ok');
    expect(s.repo.git('log', '-1', '--format=%s', 'grove/t1').trim()).toBe('Made inside the sandbox');
    expect(said('reach-allowed')).toBe('message: reach-allowed ok: allowed-ok');
    // HTTPS's way too: a CONNECT tunnel to the allowed server.
    expect(said('tunnel-allowed')).toBe('message: tunnel-allowed ok: allowed-ok');
    expect(allowed.hits()).toBe(2);

    // Denied: and nothing of it happened on the host.
    expect(said('write-outside')).toMatch(/failed: .*read-only file system/i);
    expect(existsSync(join(outside, 'escape.txt'))).toBe(false);
    expect(said('read-ssh')).toMatch(/read-ssh failed: ENOENT/);
    expect(said('read-ssh')).not.toContain('FAKE PRIVATE KEY');
    // The main checkout's AGENTS.md is read-only inside: the write fails, and the file is unchanged.
    expect(said('write-agents-md')).toMatch(/write-agents-md failed: .*read-only file system/i);
    expect(readFileSync(join(s.repo.root, 'AGENTS.md'), 'utf8')).toBe('# Lessons\n');
    expect(said('reach-other')).toMatch(/reach-other failed: HTTP 403/);
    expect(other.hits()).toBe(0);
    // sandbox-runtime's seccomp helper is on (the wrapper names it; bundled, the runtime cannot find it
    // itself): no unix socket of its own, through which the agent could reach the host's daemons.
    expect(said('unix-socket')).toMatch(/unix-socket failed: .*(EPERM|EACCES|not permitted)/i);

    // The attempt reports each denial (an error event, and in the failure reason when it failed).
    const report = lines.find((l) => l.startsWith('error: the sandbox denied: ')) ?? '';
    expect(report).toContain(`write-outside failed`);
    expect(report).toContain(`write-agents-md failed`);
    expect(report).toContain(join(harness.fakeHome(), '.ssh', 'id_fake'));
    expect(report).toMatch(new RegExp(`network: .*127\\.0\\.0\\.1:${other.port}`));
    expect(s.finished).toHaveLength(1);
  }, 60_000);

  it.runIf(claude.bin !== undefined)(
    'runs the real Claude Code CLI sandboxed: it reaches the allowed mock model server through the proxy and writes its worktree',
    async () => {
      const server = await startModelServer({ scenarios: loadScenarios(SCENARIOS) });
      cleanups.push(() => server.close());
      const s = await setup({
        adapter: 'claude',
        bin: claude.bin,
        env: { ANTHROPIC_BASE_URL: server.url, ANTHROPIC_API_KEY: 'mock-key' },
        // Without this host the same test fails: the CLI has no network but the proxy.
        sandbox: { allow_hosts: [`127.0.0.1:${server.port}`] },
      });
      const prompt = 'grove-e2e: create the greeting';
      const row = await s.monitor.start({ taskId: 't1', kind: 'initial', prompt, agentName: 'boxed' });
      await s.monitor.idle();
      const lines = agentLines(s.ctx, row.id);
      const why = `${lines.join('\n')}\n${readFileSync(join(row.log_dir, `${row.n}.stderr`), 'utf8').slice(-2000)}`;
      expect(
        s.finished.map((f) => f.outcome),
        why,
      ).toEqual(['completed']);
      // Its own tool wrote the file in its worktree, after two model turns through the proxy.
      expect(readFileSync(join(s.worktree, 'greeting.txt'), 'utf8')).toBe('hello from the mock model\n');
      expect(server.turns('anthropic').map((r) => r.step)).toEqual([0, 1]);
      expect(lines.some((l) => l.startsWith('error: the sandbox denied: '))).toBe(false);
      expect(existsSync(join(s.repo.root, 'greeting.txt'))).toBe(false);
    },
    120_000,
  );

  it('refuses to start the attempt when the sandbox layer is missing, saying what to install', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'grove-sandbox-notools-'));
    cleanups.push(() => rmSync(empty, { recursive: true, force: true }));
    const saved = {
      tools: process.env.GROVE_SANDBOX_TOOLS,
      path: process.env.PATH,
      xdg: process.env.XDG_CACHE_HOME,
    };
    process.env.GROVE_SANDBOX_TOOLS = empty;
    process.env.XDG_CACHE_HOME = empty;
    process.env.PATH = '/usr/bin:/bin';
    cleanups.push(() => {
      for (const [k, v] of [
        ['GROVE_SANDBOX_TOOLS', saved.tools],
        ['PATH', saved.path],
        ['XDG_CACHE_HOME', saved.xdg],
      ] as const)
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
    });
    const s = await setup({ sandbox: true });
    await expect(
      s.monitor.start({ taskId: 't1', kind: 'initial', prompt: 'go', agentName: 'boxed' }),
    ).rejects.toThrow(/sandbox: missing bwrap \(Debian\/Ubuntu package bubblewrap\)/);
    expect(s.ctx.stores.attempts.listForTask('t1')).toEqual([]); // no attempt row, no process
    expect(existsSync(join(s.worktree, 'inside.txt'))).toBe(false);
  });
});
