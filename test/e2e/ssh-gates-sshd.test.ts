// The gates of a task that runs on an SSH host run on that host (real sshd in a network namespace whose
// mount namespace hides this machine's repository and keeps the host's root on its own tmpfs): a gate
// reads a marker file that exists only on the host and prints the host's addresses, and its output is
// in the local gate log, which says where it ran; an acceptance command that fails only on the host
// keeps the task from landing; a gate's timeout on the host kills what it started there; a host that is
// down at verify time fails the gate with ssh's reason, quickly.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { GroveProject } from '../helpers/grove-project.js';
import { makeGroveProject, worktreeOf } from '../helpers/grove-project.js';
import { SshExecutor } from '../../src/infra/executor/ssh.js';
import type { SshHost } from '../helpers/ssh-host.js';
import { hostConfig, sshHostMissing, startSshHost } from '../helpers/ssh-host.js';

const missing = sshHostMissing();

if (missing !== undefined && process.env['GROVE_TEST_REQUIRE_ALL'] === '1') {
  it('runs the SSH gate tests (GROVE_TEST_REQUIRE_ALL=1)', () => {
    throw new Error(`GROVE_TEST_REQUIRE_ALL=1 but the SSH gate tests cannot run: ${missing}`);
  });
}

const AGENT = [
  'mkdir -p "src/$GROVE_TASK_ID" && echo "made on the host" > "src/$GROVE_TASK_ID/a.txt"',
  'git add src && git commit -qm "$GROVE_TASK_ID from the host"',
].join('\n');

function task(id: string, accept: string[] = []): string {
  const acc = accept.length > 0 ? `accept: ${JSON.stringify(accept)}\n` : '';
  return `---\nid: ${id}\ntitle: Task ${id}\nowns: ["src/${id}/**"]\nagent: shell\nhost: box1\n${acc}---\nDo ${id}.\n`;
}

interface GateRow {
  gate: string;
  ok: number;
  timed_out: number;
  output_tail: string;
  output_path: string | null;
  tree_sha: string | null;
}

describe.skipIf(missing !== undefined)(
  `the gates of a task on an SSH host run there${missing ? ` (SKIP: ${missing})` : ''}`,
  () => {
    let host: SshHost;
    let hostRoot: string;
    let project: GroveProject;
    let marker: string;
    const markerText = `only on the host ${process.pid}`;
    const gates: Record<string, unknown> = {};

    function writeConfig(): void {
      const config = {
        default_agent: 'shell',
        agents: { shell: { adapter: 'command', bin: 'sh', args: ['-c', AGENT, 'sh'] } },
        hosts: { box1: hostConfig(host, hostRoot) },
        fix: { max_iterations: 0 },
        gates,
      };
      project.write({ '.grove/config.yaml': stringify(config) });
    }

    function gateRuns(taskId: string): GateRow[] {
      const db = new Database(join(project.root, '.git', 'grove', 'grove.db'), { readonly: true });
      try {
        return db.prepare('SELECT * FROM gate_runs WHERE task_id = ? ORDER BY id').all(taskId) as GateRow[];
      } finally {
        db.close();
      }
    }

    function state(taskId: string): string | undefined {
      const status = project.grove('status', '--json');
      return (JSON.parse(status.stdout) as Array<{ id: string; state: string }>).find((t) => t.id === taskId)
        ?.state;
    }

    beforeAll(async () => {
      hostRoot = mkdtempSync(join(tmpdir(), 'grove-host-root-'));
      marker = join(hostRoot, 'marker');
      project = makeGroveProject({ config: '{}\n', files: { 'README.md': 'hello\n' } });
      host = await startSshHost({ privateMounts: [project.parent, hostRoot] });
      // The marker exists only in the host's mount namespace (its root is a tmpfs there).
      onHost(`echo '${markerText}' > ${marker}`);
      gates['where'] = `cat ${marker} && ip -o addr && pwd`;
      writeConfig();
      project.write({ '.grove/tasks/t1.md': task('t1') });
      project.git('add', '-A');
      project.git('commit', '-qm', 'grove config and a task on box1');
    }, 60_000);

    afterAll(async () => {
      await host?.close();
      project?.cleanup();
      if (hostRoot) rmSync(hostRoot, { recursive: true, force: true });
    });

    it('a gate runs on the host, its output in the local gate log saying where it ran', () => {
      const run = project.grove('run', '--no-dashboard', 't1');
      expect(state('t1'), run.stdout + run.stderr).toBe('merged');
      const where = gateRuns('t1').find((g) => g.gate === 'where');
      expect(where?.ok).toBe(1);
      const log = readFileSync(where!.output_path!, 'utf8');
      expect(log).toContain(markerText);
      expect(log).toContain(host.address);
      expect(log).toContain(join(hostRoot, 'worktrees'));
      expect(log).toMatch(/\[grove\] ran on host box1 in \S+ at [0-9a-f]{8}/);
      expect(where?.output_tail).toContain('ran on host box1');
      // The host's copy held exactly the verified commit: the pass is keyed by its tree.
      expect(where?.tree_sha).toBe(project.git('rev-parse', 'main^{tree}').trim());
    }, 240_000);

    it('an acceptance command that fails on the host keeps the task from landing', () => {
      // Passes here (there is no marker here), fails on the host.
      project.write({ '.grove/tasks/t2.md': task('t2', [`test ! -e ${marker}`]) });
      project.git('add', '-A');
      project.git('commit', '-qm', 't2');
      const run = project.grove('run', '--no-dashboard', 't2');
      expect(state('t2'), run.stdout + run.stderr).not.toBe('merged');
      const runs = gateRuns('t2');
      expect(runs.find((g) => g.gate === 'where')?.ok).toBe(1);
      const accept = runs.find((g) => g.gate === 'accept-1');
      expect(accept?.ok).toBe(0);
      expect(accept?.output_tail).toContain('ran on host box1');
      expect(project.git('ls-tree', '--name-only', 'main', 'src/')).not.toContain('t2');
    }, 240_000);

    it("a gate's timeout on the host kills every process it started there", async () => {
      gates['slow'] = { run: `cat ${marker} && (sleep 997 &) && sleep 998`, timeout: '3s' };
      writeConfig();
      project.write({ '.grove/tasks/t3.md': task('t3') });
      project.git('add', '-A');
      project.git('commit', '-qm', 't3 and a slow gate');
      const run = project.grove('run', '--no-dashboard', 't3');
      expect(state('t3'), run.stdout + run.stderr).not.toBe('merged');
      const slow = gateRuns('t3').find((g) => g.gate === 'slow');
      expect(slow?.ok).toBe(0);
      expect(slow?.timed_out).toBe(1);
      const log = readFileSync(slow!.output_path!, 'utf8');
      expect(log).toContain(markerText);
      expect(log).toMatch(/killed after 3 s .* on host box1/);
      // Nothing of the gate is left on the host (a zombie is reaped within a moment).
      const deadline = Date.now() + 5_000;
      let left = host.processes().filter((p) => /sleep 99[78]/.test(p));
      while (left.length > 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        left = host.processes().filter((p) => /sleep 99[78]/.test(p));
      }
      expect(left).toEqual([]);
    }, 240_000);

    function onHost(command: string): string {
      return execFileSync(
        'ssh',
        [
          '-i',
          host.identity,
          '-o',
          `UserKnownHostsFile=${host.knownHosts}`,
          '-o',
          'BatchMode=yes',
          '-p',
          String(host.port),
          `${host.user}@${host.address}`,
          command,
        ],
        { encoding: 'utf8' },
      );
    }

    it("a host's copy moved off the verified commit is brought back to it before the gates run", () => {
      const hostWt = join(hostRoot, 'worktrees', 't3');
      const local = project.git('-C', worktreeOf(project, 't3'), 'rev-parse', 'HEAD').trim();
      onHost(`cd ${hostWt} && git commit -q --allow-empty -m elsewhere && echo stray > stray.txt`);
      expect(onHost(`git -C ${hostWt} rev-parse HEAD`).trim()).not.toBe(local);
      const verify = project.grove('verify', 't3', '--json');
      const report = JSON.parse(verify.stdout) as {
        runs: Array<{ gate: string; ok: boolean; output_path: string; tree_sha: string | null }>;
      };
      const where = report.runs.find((r) => r.gate === 'where');
      expect(where?.ok, verify.stdout + verify.stderr).toBe(true);
      expect(readFileSync(where!.output_path, 'utf8')).toContain(`at ${local.slice(0, 8)}`);
      expect(where?.tree_sha).toBe(project.git('rev-parse', `${local}^{tree}`).trim());
      expect(onHost(`git -C ${hostWt} rev-parse HEAD`).trim()).toBe(local);
      expect(onHost(`ls ${hostWt}`)).not.toContain('stray.txt');
    }, 120_000);

    it('an aborted gate on the host ends its processes there', async () => {
      const { runHostGate } = await import('../../src/app/verify/host-gate.js');
      const executor = new SshExecutor(
        {
          name: 'box1',
          host: hostConfig(host, hostRoot),
          repoRoot: project.root,
          controlDir: join(host.dir, 'control'),
        },
        { stateDir: join(project.root, '.git', 'grove') },
      );
      try {
        const stop = new AbortController();
        const logPath = join(project.parent, 'aborted.log');
        const started = Date.now();
        const running = runHostGate(executor, `cat ${marker} && sleep 996`, {
          hostName: 'box1',
          cwd: join(hostRoot, 'worktrees', 't3'),
          commit: project.git('-C', worktreeOf(project, 't3'), 'rev-parse', 'HEAD').trim(),
          env: process.env,
          timeoutMs: 120_000,
          logPath,
          signal: stop.signal,
        });
        const deadline = Date.now() + 20_000;
        while (!host.processes().some((p) => p === 'sleep 996') && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 100));
        }
        expect(host.processes().some((p) => p === 'sleep 996')).toBe(true);
        stop.abort();
        const r = await running;
        expect(r.ok).toBe(false);
        expect(Date.now() - started).toBeLessThan(30_000);
        const gone = Date.now() + 5_000;
        while (host.processes().some((p) => p === 'sleep 996') && Date.now() < gone) {
          await new Promise((r) => setTimeout(r, 100));
        }
        expect(host.processes().filter((p) => p === 'sleep 996')).toEqual([]);
      } finally {
        await executor.close();
      }
    }, 60_000);

    it("a host that is down at verify time fails the gate with ssh's reason, without hanging", () => {
      host.killAll();
      const started = Date.now();
      const verify = project.grove('verify', 't2', '--json');
      const took = Date.now() - started;
      expect(verify.code, verify.stdout + verify.stderr).toBe(1);
      const report = JSON.parse(verify.stdout) as {
        outcome: { gate: string };
        runs: Array<{ gate: string; ok: boolean; output_tail: string }>;
      };
      expect(report.outcome.gate).toBe('where');
      const where = report.runs.find((r) => r.gate === 'where');
      expect(where?.output_tail).toMatch(/could not run on host box1/);
      expect(where?.output_tail).toMatch(/refused|not reach|unreachable/i);
      expect(took).toBeLessThan(60_000);
    }, 120_000);
  },
);
