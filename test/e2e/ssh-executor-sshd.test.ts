// The ssh executor's run-command and read-file methods against real sshd in a network namespace: a
// command runs in a folder on the host with its arguments intact, variables set by the caller arrive,
// a missing folder is DIR_MISSING, a file is read back (a missing one is undefined), a timeout or an
// abort ends the command there, one shared connection serves every call.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SshExecutor } from '../../src/infra/executor/ssh.js';
import type { SshHost } from '../helpers/ssh-host.js';
import { sshHostMissing, startSshHost } from '../helpers/ssh-host.js';

const missing = sshHostMissing();

if (missing !== undefined && process.env['GROVE_TEST_REQUIRE_ALL'] === '1') {
  it('runs the SSH executor tests (GROVE_TEST_REQUIRE_ALL=1)', () => {
    throw new Error(`GROVE_TEST_REQUIRE_ALL=1 but the SSH executor tests cannot run: ${missing}`);
  });
}

describe.skipIf(missing !== undefined)(
  `the ssh executor against real sshd${missing ? ` (SKIP: ${missing})` : ''}`,
  () => {
    let host: SshHost;
    let executor: SshExecutor;
    let work: string;
    let controlDir: string;

    beforeAll(async () => {
      host = await startSshHost();
      work = join(host.dir, "work tree's");
      mkdirSync(work);
      writeFileSync(join(work, 'notes.txt'), 'first line\nsecond — line\n');
      controlDir = join(host.dir, 'control');
      executor = new SshExecutor({
        name: 'box1',
        host: {
          ssh: `${host.user}@${host.address}`,
          port: host.port,
          identity: host.identity,
          known_hosts: host.knownHosts,
          root: host.dir,
          wip: 1,
        },
        repoRoot: host.dir,
        controlDir,
      });
    }, 60_000);

    afterAll(async () => {
      await executor?.close();
      await host?.close();
    });

    it('runs a command in a folder on the host, arguments and stdin intact, exit code kept', async () => {
      const r = await executor.run(
        'sh',
        ['-c', 'pwd; printf "%s|" "$@"; cat; exit 3', 'sh', "it's", 'a b', '$HOME'],
        {
          cwd: work,
          input: 'from stdin',
        },
      );
      expect(r).toMatchObject({ code: 3, stdout: `${work}\nit's|a b|$HOME|from stdin` });
      const git = await executor.run('git', ['--version'], { cwd: work });
      expect(git.stdout).toMatch(/^git version/);
    });

    it('sends only the variables the caller set beyond its own environment', async () => {
      const r = await executor.run(
        'sh',
        ['-c', 'printf "%s/%s" "$GROVE_TASK_ID" "${GROVE_NOT_SENT-unset}"'],
        {
          cwd: work,
          env: { ...process.env, GROVE_TASK_ID: 't 1' },
        },
      );
      expect(r.stdout).toBe('t 1/unset');
    });

    it('a folder missing on the host is DIR_MISSING, naming the host', async () => {
      await expect(executor.run('true', [], { cwd: join(host.dir, 'gone') })).rejects.toMatchObject({
        code: 'DIR_MISSING',
        message: expect.stringContaining('on host box1') as unknown,
      });
    });

    it('reads a file back; a missing one is undefined', async () => {
      expect(await executor.readFile(join(work, 'notes.txt'))).toBe('first line\nsecond — line\n');
      expect(await executor.readFile(join(work, 'nope.txt'))).toBeUndefined();
    });

    it("a timeout or an abort of run ends the command's processes on the host, and run returns then", async () => {
      const sleeping = (secs: number): boolean => host.processes().some((p) => p.includes(`sleep ${secs}`));
      const t0 = Date.now();
      const timedOut = await executor.run('sh', ['-c', 'sleep 61 & wait'], { cwd: work, timeoutMs: 1000 });
      expect(timedOut).toMatchObject({ timedOut: true, signal: 'SIGTERM' });
      expect(Date.now() - t0).toBeLessThan(8000);
      expect(sleeping(61)).toBe(false);

      const abort = new AbortController();
      const running = executor.run('sh', ['-c', 'sleep 62 & wait'], { cwd: work, signal: abort.signal });
      for (let i = 0; i < 100 && !sleeping(62); i++) await new Promise((r) => setTimeout(r, 50));
      expect(sleeping(62)).toBe(true);
      const t1 = Date.now();
      abort.abort();
      expect(await running).toMatchObject({ timedOut: false, signal: 'SIGTERM' });
      expect(Date.now() - t1).toBeLessThan(5000);
      expect(sleeping(62)).toBe(false);
    }, 30_000);

    it('one shared connection (a control socket) serves the calls, and close ends it', async () => {
      await executor.run('true', [], { cwd: work });
      const sockets = (): string[] => (existsSync(controlDir) ? readdirSync(controlDir) : []);
      expect(sockets()).toHaveLength(1);
      await executor.close();
      expect(sockets()).toHaveLength(0);
      expect((await executor.run('true', [], { cwd: work })).code).toBe(0); // reopens
    });
  },
);
