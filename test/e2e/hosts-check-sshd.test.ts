// `grove hosts check` against real sshd in network namespaces made by the test (separate "machines"
// with private 10.x addresses), with keys made per test. Green when all is there; red, saying what to
// fix, for an unknown or changed host key, a host that is down, and a host without git on its PATH.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { GroveProject } from '../helpers/grove-project.js';
import { makeGroveProject } from '../helpers/grove-project.js';
import type { SshHost } from '../helpers/ssh-host.js';
import { sshHostMissing, startSshHost } from '../helpers/ssh-host.js';

const missing = sshHostMissing();

if (missing !== undefined && process.env['GROVE_TEST_REQUIRE_ALL'] === '1') {
  it('runs the SSH host tests (GROVE_TEST_REQUIRE_ALL=1)', () => {
    throw new Error(`GROVE_TEST_REQUIRE_ALL=1 but the SSH host tests cannot run: ${missing}`);
  });
}

/** A folder with the programs the probe needs and node, but no git. */
function binWithoutGit(dir: string): string {
  const bin = join(dir, 'bin-without-git');
  mkdirSync(bin, { recursive: true });
  symlinkSync(process.execPath, join(bin, 'node'));
  for (const tool of ['sh', 'mkdir', 'rm', 'cat', 'tr', 'env']) {
    const path = execFileSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim();
    symlinkSync(path, join(bin, tool));
  }
  return bin;
}

function hostEntry(h: SshHost, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ssh: `${h.user}@${h.address}`,
    port: h.port,
    identity: h.identity,
    root: join(h.dir, 'grove-root'),
    known_hosts: h.knownHosts,
    wip: 2,
    ...extra,
  };
}

describe.skipIf(missing !== undefined)(
  `grove hosts check against real sshd${missing ? ` (SKIP: ${missing})` : ''}`,
  () => {
    let good: SshHost;
    let noGit: SshHost;
    let down: SshHost;
    let project: GroveProject;
    let files: string;

    beforeAll(async () => {
      good = await startSshHost();
      noGit = await startSshHost({ path: binWithoutGit(join(good.dir, 'tools')) });
      down = await startSshHost();
      await down.stopSshd();
      files = join(good.dir, 'client');
      mkdirSync(files);
      writeFileSync(join(files, 'empty_known_hosts'), '');
      // A known_hosts that has another key for the good host: "the key changed".
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(files, 'other')]);
      const otherKey = readFileSync(join(files, 'other.pub'), 'utf8').split(/\s+/).slice(0, 2).join(' ');
      writeFileSync(join(files, 'changed_known_hosts'), `[${good.address}]:${good.port} ${otherKey}\n`);
      const config = {
        agents: { shell: { adapter: 'command', bin: 'sh' } },
        hosts: {
          box1: hostEntry(good),
          unknown: hostEntry(good, { known_hosts: join(files, 'empty_known_hosts') }),
          changed: hostEntry(good, { known_hosts: join(files, 'changed_known_hosts') }),
          nogit: hostEntry(noGit),
          gone: hostEntry(down),
        },
      };
      project = makeGroveProject({ config: stringify(config) });
    }, 60_000);

    afterAll(async () => {
      project?.cleanup();
      await Promise.all([good, noGit, down].map((h) => h?.close()));
    });

    it('a host with git, node, the agent CLI and a writable root is ready (exit 0)', () => {
      const r = project.grove('hosts', 'check', 'box1');
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`box1 (root@${good.address} port ${good.port}): ready`);
      expect(r.stdout).toMatch(/✓ reachable: logged in/);
      expect(r.stdout).toMatch(/✓ git: git version \d/);
      expect(r.stdout).toContain(`✓ node: ${process.version}`);
      expect(r.stdout).toMatch(/✓ agent shell: \/\S*\/sh/);
      expect(r.stdout).toContain(`✓ root: ${join(good.dir, 'grove-root')} is writable`);
      expect(existsSync(join(good.dir, 'grove-root'))).toBe(true);

      const json = project.grove('hosts', 'check', 'box1', '--json');
      expect(json.code).toBe(0);
      const [report] = JSON.parse(json.stdout) as Array<{
        ok: boolean;
        items: Array<{ what: string; ok: boolean }>;
      }>;
      expect(report!.ok).toBe(true);
      expect(report!.items.map((i) => i.what)).toEqual(['reachable', 'git', 'node', 'agent shell', 'root']);
      // The check leaves no shared connection (control socket) behind.
      const sockets = join(project.root, '.git/grove/ssh');
      expect(execFileSync('ls', ['-A', sockets], { encoding: 'utf8' }).trim()).toBe('');
    });

    it('an unknown host key fails, saying how to add it; nothing is accepted silently', () => {
      const r = project.grove('hosts', 'check', 'unknown');
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('unknown (');
      expect(r.stdout).toContain('NOT READY');
      expect(r.stdout).toContain(`its host key is not in ${join(files, 'empty_known_hosts')}`);
      expect(r.stdout).toContain(
        `ssh-keyscan -p ${good.port} ${good.address} >> ${join(files, 'empty_known_hosts')}`,
      );
      // Strict checking: the file was not written to.
      expect(readFileSync(join(files, 'empty_known_hosts'), 'utf8')).toBe('');
    });

    it('a changed host key fails and says so', () => {
      const r = project.grove('hosts', 'check', 'changed');
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('presented a different host key');
    });

    it('a host that is down fails with what to check', () => {
      const r = project.grove('hosts', 'check', 'gone');
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(`gone (root@${down.address} port ${down.port}): NOT READY`);
      expect(r.stdout).toContain('refused the connection: nothing listens for SSH there');
      expect(r.stdout).toContain('fix: start sshd on the host');
    });

    it('a host without git on its PATH fails with how to fix it; the rest is still reported', () => {
      const r = project.grove('hosts', 'check', 'nogit');
      expect(r.code).toBe(1);
      expect(r.stdout).toContain("✗ git: git is not on the host's PATH");
      expect(r.stdout).toContain('fix: install git on nogit');
      expect(r.stdout).toContain(`✓ node: ${process.version}`);
      expect(r.stdout).toContain('✓ root:');
    });

    it('all hosts at once: exit 1 when any is not ready; a name not in config is a usage error', () => {
      const all = project.grove('hosts', 'check', '--json');
      expect(all.code).toBe(1);
      const reports = JSON.parse(all.stdout) as Array<{ name: string; ok: boolean }>;
      expect(Object.fromEntries(reports.map((r) => [r.name, r.ok]))).toEqual({
        box1: true,
        unknown: false,
        changed: false,
        nogit: false,
        gone: false,
      });
      const typo = project.grove('hosts', 'check', 'box2');
      expect(typo.code).toBe(2);
      expect(typo.stderr).toContain('no host named "box2"');
    });
  },
);
