// Issue 19, sandboxes, the podman engine: a `command` agent run with `sandbox: { engine: podman }` (a
// container with the attempt's policy, reaching the network through sandbox-runtime's filtering proxy)
// writes and commits in its worktree and reaches the one allowed server on loopback, while a write
// outside its worktree, a read of ~/.ssh, a write of AGENTS.md in the main checkout and a request to a
// second, not allowed, server on loopback are refused, and the attempt says what was denied. A real
// agent CLI works inside; stopping an attempt (or killing its wrapper) leaves no container and no
// process. Real podman, real processes, real git, real servers on 127.0.0.1.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AttemptFinished } from '../../src/app/attempts/index.js';
import { AttemptMonitor, attemptDeps } from '../../src/app/attempts/index.js';
import { findProgram, sandboxToolDirs } from '../../src/infra/sandbox/layer.js';
import { readWrapperSpec } from '../../src/infra/process/supervisor.js';
import type { Executor } from '../../src/app/executor/types.js';
import { localExecutor } from '../../src/infra/executor/local.js';
import { loadScenarios } from '../fixtures/model-server/scenario.js';
import { startModelServer } from '../fixtures/model-server/server.js';
import { agentCli } from '../helpers/agent-clis.js';
import { agentLines, listen, SANDBOX_TOOLS, sandboxAgent, sandboxHarness } from './sandbox-harness.js';

const haveLayer = ['bwrap', 'socat', 'rg'].every(
  (p) => findProgram(p, sandboxToolDirs(process.env)) !== undefined,
);
if (!haveLayer && process.env.GROVE_TEST_REQUIRE_ALL === '1')
  throw new Error(`sandbox tests need bwrap, socat and rg in ${SANDBOX_TOOLS} (run .ci/run)`);
// podman (and runc: crun fails on this kind of host), apt-installed by .ci/run.
const podman = findProgram('podman', [...(process.env.PATH ?? '').split(':'), '/usr/bin']);
if (!podman) {
  if (process.env.GROVE_TEST_REQUIRE_ALL === '1')
    throw new Error('the podman sandbox tests need podman (run .ci/run)');
  console.warn(
    'test/e2e/sandbox-podman.test.ts skipped: podman is not installed (apt-get install podman runc)',
  );
}

// The real Claude Code CLI (found before the test swaps HOME), for the case with a real agent.
const claude = agentCli('claude');
if (claude.bin === undefined && process.env.GROVE_TEST_REQUIRE_ALL === '1')
  throw new Error(`the sandboxed real-agent test needs ${claude.missing}`);
const SCENARIOS = join(import.meta.dirname, '../fixtures/model-server/scenarios');

// The agent: the harness's common steps, then this engine's own.
const AGENT = sandboxAgent(String.raw`
  await step('write-root', () => fs.writeFileSync('/etc/grove-escape', 'x\n'));
  await step('host-run', () => fs.readdirSync('/run').join(','));
  await step('tmpdir', () => env.TMPDIR);
  await step('host-os-release', () => String(fs.existsSync('/etc/os-release')));
  // A stuck agent: it ignores SIGTERM (only the container's removal, or SIGKILL, ends it).
  if (env.SLEEP_AFTER) { process.on('SIGTERM', () => undefined); console.log('sleeping ' + process.pid); setInterval(() => undefined, 1000); }
`);

const harness = sandboxHarness(AGENT);
const { cleanups, setup } = harness;

/** The container named in an attempt's launch file (the wrapper and grove remove it by that name). */
function containerOf(logDir: string, n: number): string {
  const name = readWrapperSpec(join(logDir, `${n}.launch.json`))?.sandbox?.container?.name;
  if (!name) throw new Error(`no container in ${logDir}/${n}.launch.json`);
  return name;
}

/** Containers (running or not) of that name, as podman lists them. */
function containersNamed(name: string): string[] {
  const out = execFileSync(podman!, ['ps', '-a', '--filter', `name=^${name}$`, '--format', '{{.Names}}'], {
    encoding: 'utf8',
  });
  return out.split('\n').filter(Boolean);
}

/** Processes on this machine whose command line holds `marker`. */
function processesWith(marker: string): number[] {
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
      } catch {
        return false;
      }
    })
    .map(Number);
}

async function until(what: string, ok: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.runIf(process.platform === 'linux' && haveLayer && podman !== undefined)(
  'sandboxed attempts (engine: podman)',
  () => {
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
        sandbox: { engine: 'podman', allow_hosts: [`127.0.0.1:${allowed.port}`] },
        env: {
          OUTSIDE_FILE: join(outside, 'escape.txt'),
          HOME_SSH_KEY: join(harness.fakeHome(), '.ssh', 'id_fake'),
          MAIN_AGENTS_MD: '', // set below: the repository's path is known only now
          ALLOWED_PORT: String(allowed.port),
          OTHER_PORT: String(other.port),
        },
      });
      s.ctx.config.agents.boxed!.env.MAIN_AGENTS_MD = join(s.repo.root, 'AGENTS.md');

      const row = await s.monitor.start({ taskId: 't1', kind: 'initial', prompt: 'go', agentName: 'boxed' });
      await s.monitor.idle();
      const lines = agentLines(s.ctx, row.id);
      const said = (step: string): string =>
        lines.find((l) => l.startsWith(`message: ${step} `)) ?? `(no ${step} line in ${lines.join(' / ')})`;

      // Allowed: its worktree, a commit on its branch, the allowed server (plain and tunnelled).
      expect(said('write-worktree')).toBe('message: write-worktree ok');
      expect(readFileSync(join(s.worktree, 'inside.txt'), 'utf8')).toBe('made inside\n');
      expect(said('commit')).toBe('message: commit ok');
      expect(s.repo.git('log', '-1', '--format=%s', 'grove/t1').trim()).toBe('Made inside the sandbox');
      expect(said('reach-allowed')).toBe('message: reach-allowed ok: allowed-ok');
      expect(said('tunnel-allowed')).toBe('message: tunnel-allowed ok: allowed-ok');
      expect(allowed.hits()).toBe(2);
      // TMPDIR is the agent's own, at the same path as on the host.
      expect(said('tmpdir')).toMatch(/^message: tmpdir ok: .*\/homes\/.*\/tmp$/);

      // Denied: and nothing of it happened on the host.
      expect(said('write-outside')).toMatch(/failed: .*read-only file system/i);
      expect(existsSync(join(outside, 'escape.txt'))).toBe(false);
      expect(said('write-root')).toMatch(/failed: .*read-only file system/i);
      expect(existsSync('/etc/grove-escape')).toBe(false);
      expect(said('read-ssh')).toMatch(/read-ssh failed: ENOENT/);
      expect(said('read-ssh')).not.toContain('FAKE PRIVATE KEY');
      expect(said('write-agents-md')).toMatch(/write-agents-md failed: .*read-only file system/i);
      expect(readFileSync(join(s.repo.root, 'AGENTS.md'), 'utf8')).toBe('# Lessons\n');
      expect(said('reach-other')).toMatch(/reach-other failed: HTTP 403/);
      expect(other.hits()).toBe(0);
      // The host's daemon sockets (/run) are hidden: only podman's init is there.
      expect(said('host-run')).toBe('message: host-run ok: podman-init');

      // The attempt reports each denial (an error event, and in the failure reason when it failed).
      const report = lines.find((l) => l.startsWith('error: the sandbox denied: ')) ?? '';
      expect(report).toContain('write-outside failed');
      expect(report).toContain('write-agents-md failed');
      expect(report).toContain(join(harness.fakeHome(), '.ssh', 'id_fake'));
      expect(report).toMatch(new RegExp(`network: .*127\\.0\\.0\\.1:${other.port}`));
      expect(s.finished).toHaveLength(1);
      // The container went with the agent.
      expect(containersNamed(containerOf(row.log_dir, row.n))).toEqual([]);
    }, 90_000);

    it('runs an image instead of the host root when `image` names one, the policy still bound in at the same paths', async () => {
      // A minimal image made here (no registry is reachable): the C libraries of node, socat, dash and
      // grep, nothing else. Their programs come from the host's /usr/bin, bound in as node's folder.
      const root = mkdtempSync(join(tmpdir(), 'grove-podman-image-'));
      const image = `localhost/grove-test-${Math.random().toString(36).slice(2, 8)}:1`;
      cleanups.push(() => {
        rmSync(root, { recursive: true, force: true });
        execFileSync(podman!, ['rmi', '-f', image], { stdio: 'ignore' });
      });
      const socat = findProgram('socat', sandboxToolDirs(process.env))!;
      const libs = new Set<string>(['/lib64/ld-linux-x86-64.so.2']);
      for (const program of [process.execPath, socat, '/bin/sh', '/usr/bin/grep', '/usr/bin/sleep'])
        for (const m of execFileSync('ldd', [program], { encoding: 'utf8' }).matchAll(/=> (\/\S+)/g))
          libs.add(m[1]!);
      for (const d of ['usr/bin', 'tmp', 'proc', 'dev', 'sys', 'etc', 'run'])
        mkdirSync(join(root, d), { recursive: true });
      execFileSync('ln', ['-s', 'usr/bin', join(root, 'bin')]);
      for (const lib of libs) {
        mkdirSync(join(root, lib, '..'), { recursive: true });
        execFileSync('cp', ['-L', lib, join(root, lib)]);
      }
      execFileSync('sh', ['-c', `tar -C '${root}' -c . | '${podman}' import - '${image}'`], {
        stdio: 'ignore',
      });

      const allowed = await listen('allowed-ok');
      cleanups.push(() => {
        allowed.server.close();
      });
      const s = await setup({
        sandbox: { engine: 'podman', image, allow_hosts: [`127.0.0.1:${allowed.port}`] },
        env: {
          ALLOWED_PORT: String(allowed.port),
          OUTSIDE_FILE: '/etc/x',
          HOME_SSH_KEY: '/x',
          MAIN_AGENTS_MD: '/x',
          OTHER_PORT: '9',
        },
      });
      // The agent's script is not in the image: it is given to it to read.
      const boxed = s.ctx.config.agents.boxed!;
      (boxed.sandbox as { allow_read: string[] }).allow_read.push(join(boxed.args[0]!, '..'));
      const row = await s.monitor.start({ taskId: 't1', kind: 'initial', prompt: 'go', agentName: 'boxed' });
      await s.monitor.idle();
      const lines = agentLines(s.ctx, row.id);
      const said = (step: string): string =>
        lines.find((l) => l.startsWith(`message: ${step} `)) ?? `(no ${step} line in ${lines.join(' / ')})`;
      expect(existsSync('/etc/os-release')).toBe(true);
      expect(said('host-os-release')).toBe('message: host-os-release ok: false'); // the image's root
      expect(said('write-worktree')).toBe('message: write-worktree ok');
      expect(readFileSync(join(s.worktree, 'inside.txt'), 'utf8')).toBe('made inside\n');
      expect(said('reach-allowed')).toBe('message: reach-allowed ok: allowed-ok');
      expect(containersNamed(containerOf(row.log_dir, row.n))).toEqual([]);
    }, 90_000);

    it.runIf(claude.bin !== undefined)(
      'runs the real Claude Code CLI in the container: it reaches the allowed mock model server through the proxy and writes its worktree',
      async () => {
        const server = await startModelServer({ scenarios: loadScenarios(SCENARIOS) });
        cleanups.push(() => server.close());
        const s = await setup({
          adapter: 'claude',
          bin: claude.bin,
          env: { ANTHROPIC_BASE_URL: server.url, ANTHROPIC_API_KEY: 'mock-key' },
          // Without this host the same test fails: the CLI has no network but the proxy.
          sandbox: { engine: 'podman', allow_hosts: [`127.0.0.1:${server.port}`] },
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
        expect(readFileSync(join(s.worktree, 'greeting.txt'), 'utf8')).toBe('hello from the mock model\n');
        expect(server.turns('anthropic').map((r) => r.step)).toEqual([0, 1]);
        expect(
          lines.some((l) => l.startsWith('error: the sandbox denied: ')),
          why,
        ).toBe(false);
        expect(existsSync(join(s.repo.root, 'greeting.txt'))).toBe(false);
      },
      120_000,
    );

    for (const how of [
      'grove stops it',
      'its wrapper is killed',
      'grove restarts after its wrapper died',
    ] as const) {
      it(`leaves no container and no process when ${how}`, async () => {
        const marker = `grove-podman-stop-${Math.random().toString(36).slice(2)}`;
        const tmpBefore = new Set(readdirSync(tmpdir()));
        const s = await setup({ sandbox: { engine: 'podman' }, env: { SLEEP_AFTER: '1' } });
        s.ctx.config.agents.boxed!.args.push(marker);
        const row = await s.monitor.start({
          taskId: 't1',
          kind: 'initial',
          prompt: 'go',
          agentName: 'boxed',
        });
        const name = containerOf(row.log_dir, row.n);
        await until('the agent to sleep', () =>
          agentLines(s.ctx, row.id).some((l) => l.startsWith('message: sleeping ')),
        );
        expect(containersNamed(name)).toEqual([name]);
        expect(processesWith(marker).length).toBeGreaterThan(0);
        const wrapperPid = s.ctx.stores.attempts.require(row.id).pid!;
        const stoppedAt = Date.now();
        let monitor = s.monitor;
        if (how === 'grove stops it') {
          expect(s.monitor.stop(row.id)).toBe(true);
        } else if (how === 'its wrapper is killed') {
          // SIGKILL to the wrapper's group (what the grace's end does): the container is not in it.
          process.kill(-wrapperPid, 'SIGKILL');
        } else {
          // grove goes away, the wrapper dies meanwhile; the next grove finds the attempt ended.
          s.monitor.close();
          process.kill(-wrapperPid, 'SIGKILL');
          await until(
            'the wrapper to go',
            () => processesWith(join(row.log_dir, `${row.n}.launch.json`)).length === 0,
          );
          expect(containersNamed(name)).toEqual([name]);
          monitor = new AttemptMonitor(attemptDeps(s.ctx), { pollMs: 200 });
          monitor.onFinished((e) => s.finished.push(e));
          cleanups.push(() => monitor.close());
          monitor.adopt(s.ctx.stores.attempts.require(row.id));
        }
        await monitor.idle();
        await monitor.stopsSettled();
        expect(s.finished.map((f) => f.outcome)).toEqual([how === 'grove stops it' ? 'killed' : 'lost']);
        // Stopped by the wrapper removing the container at SIGTERM, not by SIGKILL after the grace.
        if (how === 'grove stops it')
          expect(Date.now() - stoppedAt).toBeLessThan(s.ctx.config.attempts.kill_grace);
        expect(containersNamed(name)).toEqual([]);
        await until('the agent processes to go', () => processesWith(marker).length === 0, 10_000);
        // Nothing of the attempt's (its env file with the proxy's credential) is left in /tmp.
        const left = readdirSync(tmpdir()).filter((f) => f.startsWith('grove-podman-') && !tmpBefore.has(f));
        expect(left).toEqual([]);
      }, 60_000);
    }

    it("fails the attempt with podman's own words when podman cannot start the container", async () => {
      // An OCI runtime that runs nothing (/bin/false) in the launch file: podman fails before the agent.
      const failing: Executor = {
        ...localExecutor,
        startWrapper: (launch) => {
          const container = { ...launch.spec.sandbox!.container!, ociRuntime: '/bin/false' };
          const sandbox = { ...launch.spec.sandbox!, container };
          return localExecutor.startWrapper({ ...launch, spec: { ...launch.spec, sandbox } });
        },
      };
      const s = await setup({ sandbox: { engine: 'podman' } });
      const monitor = new AttemptMonitor(attemptDeps(s.ctx, failing), { pollMs: 200 });
      const finished: AttemptFinished[] = [];
      monitor.onFinished((e) => finished.push(e));
      cleanups.push(() => monitor.close());
      const row = await monitor.start({ taskId: 't1', kind: 'initial', prompt: 'go', agentName: 'boxed' });
      await monitor.idle();
      expect(finished.map((f) => f.outcome)).toEqual(['failed']);
      expect(finished[0]!.reason).toMatch(
        /^the agent could not start: podman could not start the container \(runtime \/bin\/false\): Error: /,
      );
      expect(finished[0]!.reason).toContain('engine: runtime');
      expect(existsSync(join(s.worktree, 'inside.txt'))).toBe(false);
      expect(containersNamed(containerOf(row.log_dir, row.n))).toEqual([]);
    }, 60_000);

    it('refuses to start the attempt when podman is missing, saying what to install', async () => {
      const empty = mkdtempSync(join(tmpdir(), 'grove-sandbox-nopodman-'));
      const saved = process.env.PATH;
      process.env.PATH = empty;
      cleanups.push(() => {
        process.env.PATH = saved;
        rmSync(empty, { recursive: true, force: true });
      });
      const s = await setup({ sandbox: { engine: 'podman' } });
      await expect(
        s.monitor.start({ taskId: 't1', kind: 'initial', prompt: 'go', agentName: 'boxed' }),
      ).rejects.toThrow(/sandbox: podman is not installed; the agent was not started/);
      expect(s.ctx.stores.attempts.listForTask('t1')).toEqual([]); // no attempt row, no process
    });

    it('refuses engine docker (not tested, so not offered), and an image without engine podman, before any row', async () => {
      const s = await setup({ sandbox: { engine: 'docker' } });
      await expect(
        s.monitor.start({ taskId: 't1', kind: 'initial', prompt: 'go', agentName: 'boxed' }),
      ).rejects.toThrow(/sandbox: `engine: docker` is not supported yet/);
      s.ctx.config.agents.boxed!.sandbox = {
        allow_hosts: [],
        allow_read: [],
        allow_write: [],
        engine: 'runtime',
        image: 'localhost/some:1',
      };
      await expect(
        s.monitor.start({ taskId: 't1', kind: 'initial', prompt: 'go', agentName: 'boxed' }),
      ).rejects.toThrow(/sandbox: `image` needs `engine: podman`/);
      expect(s.ctx.stores.attempts.listForTask('t1')).toEqual([]);
    });
  },
);
