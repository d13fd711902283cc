// `grove run` with a task that names an SSH host (real sshd in a network namespace whose mount
// namespace hides this machine's repository and keeps the host's root on its own tmpfs): the agent
// runs in a worktree on the host, its output comes back as the task's events, its commit comes back
// to the local branch, and the local gates and merge queue land it on main. `grove status` shows the
// host. A task naming an unknown host is a spec error before anything starts; a host that is down
// fails the task with ssh's reason and leaves no attempt running.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { GroveProject } from '../helpers/grove-project.js';
import { makeGroveProject } from '../helpers/grove-project.js';
import type { SshHost } from '../helpers/ssh-host.js';
import { hostConfig, sshHostMissing, startSshHost } from '../helpers/ssh-host.js';

const missing = sshHostMissing();

if (missing !== undefined && process.env['GROVE_TEST_REQUIRE_ALL'] === '1') {
  it('runs the grove-run-on-a-host tests (GROVE_TEST_REQUIRE_ALL=1)', () => {
    throw new Error(`GROVE_TEST_REQUIRE_ALL=1 but the SSH host run tests cannot run: ${missing}`);
  });
}

const AGENT = [
  'echo "on $(pwd)"',
  'mkdir -p src/t1 && echo "made on the host" > src/t1/a.txt',
  'git add src/t1 && git commit -qm "t1 from the host"',
  'echo finished',
].join('\n');

function task(id: string, host: string): string {
  return `---\nid: ${id}\ntitle: Task ${id}\nowns: ["src/${id}/**"]\nagent: shell\nhost: ${host}\n---\nDo ${id}.\n`;
}

describe.skipIf(missing !== undefined)(
  `grove run with a task on an SSH host${missing ? ` (SKIP: ${missing})` : ''}`,
  () => {
    let host: SshHost;
    let down: SshHost;
    let hostRoot: string;
    let project: GroveProject;

    beforeAll(async () => {
      hostRoot = mkdtempSync(join(tmpdir(), 'grove-host-root-'));
      down = await startSshHost();
      await down.stopSshd();
      // The project folder exists before sshd starts, so its mount namespace can hide it.
      project = makeGroveProject({
        config: '{}\n',
        files: { 'README.md': 'hello\n' },
      });
      host = await startSshHost({ privateMounts: [project.parent, hostRoot] });
      const config = {
        default_agent: 'shell',
        agents: { shell: { adapter: 'command', bin: 'sh', args: ['-c', AGENT, 'sh'] } },
        hosts: { box1: hostConfig(host, hostRoot), gone: hostConfig(down, join(hostRoot, 'gone')) },
      };
      project.write({ '.grove/config.yaml': stringify(config), '.grove/tasks/t1.md': task('t1', 'box1') });
      project.git('add', '-A');
      project.git('commit', '-qm', 'grove config and a task on box1');
    }, 60_000);

    afterAll(async () => {
      await host?.close();
      await down?.close();
      project?.cleanup();
      if (hostRoot) rmSync(hostRoot, { recursive: true, force: true });
    });

    it('runs the agent on the host and lands its commit on main', () => {
      const run = project.grove('run', '--no-dashboard');
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(project.git('show', 'main:src/t1/a.txt')).toBe('made on the host\n');
      expect(project.git('log', '-1', '--format=%s', 'main')).toMatch(/t1/);
      const status = project.grove('status');
      expect(status.stdout).toMatch(/TASK\s+STATE\s+HOST/);
      expect(status.stdout).toMatch(/t1\s+merged\s+box1/);
      // The agent's output came back into the attempt's log here, from the host's worktree.
      const log = readFileSync(join(project.root, '.git', 'grove', 'logs', 't1', '1.stdout'), 'utf8');
      expect(log).toContain(`on ${join(hostRoot, 'worktrees')}`);
      expect(log).toContain('finished');
      // Nothing the host wrote is on this machine's side of its root.
      expect(readdirSync(hostRoot)).toEqual([]);
    }, 240_000);

    it('a task naming an unknown host is a spec error before anything starts', () => {
      project.write({ '.grove/tasks/t2.md': task('t2', 'nowhere') });
      const plan = project.grove('plan');
      expect(plan.code).not.toBe(0);
      expect(plan.stdout + plan.stderr).toMatch(/unknown host `nowhere`/);
      expect(plan.stdout + plan.stderr).toMatch(/box1, gone/);
      project.git('rm', '-q', '--cached', '--ignore-unmatch', '.grove/tasks/t2.md');
      project.write({ '.grove/tasks/t2.md': task('t2', 'gone') });
    });

    it('a host that is down fails its task with the reason, and no agent runs', () => {
      const run = project.grove('run', '--no-dashboard', 't2');
      const out = run.stdout + run.stderr;
      const status = project.grove('status', '--json');
      const t2 = (
        JSON.parse(status.stdout) as Array<{ id: string; state: string; reason: string | null }>
      ).find((t) => t.id === 't2');
      expect(t2?.state, out).toBe('failed');
      expect(t2?.reason).toMatch(/could not start the agent/);
      expect(t2?.reason).toMatch(/gone/);
    }, 120_000);
  },
);
