// An attempt on an SSH host, against real sshd in a network namespace whose mount namespace hides this
// machine's repository (so nothing on the host can read the local worktree by accident) and keeps the
// host's root on its own tmpfs (so nothing the host writes lands here): the worktree is made on the
// host from the local one over git, the wrapper runs there detached, its output is mirrored here with
// the same byte offsets, and when the agent ends its commit and its uncommitted leftovers are in the
// local worktree before the exit record is seen. A stop signals the group on the host.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SshExecutor } from '../../src/infra/executor/ssh.js';
import type { ExitRecord } from '../../src/infra/process/supervisor-spec.js';
import type { TempRepo } from '../helpers/git-repo.js';
import { GIT_TEST_ENV, makeTempRepo } from '../helpers/git-repo.js';
import type { SshHost } from '../helpers/ssh-host.js';
import { sshHostMissing, startSshHost, hostConfig } from '../helpers/ssh-host.js';

const missing = sshHostMissing();

if (missing !== undefined && process.env['GROVE_TEST_REQUIRE_ALL'] === '1') {
  it('runs the SSH attempt tests (GROVE_TEST_REQUIRE_ALL=1)', () => {
    throw new Error(`GROVE_TEST_REQUIRE_ALL=1 but the SSH attempt tests cannot run: ${missing}`);
  });
}

async function until<T>(what: string, get: () => T | undefined, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(missing !== undefined)(
  `an attempt on an SSH host${missing ? ` (SKIP: ${missing})` : ''}`,
  () => {
    let host: SshHost;
    let repo: TempRepo;
    let hostRoot: string;
    let executor: SshExecutor;
    let stateDir: string;

    beforeAll(async () => {
      repo = makeTempRepo({ files: { 'README.md': 'hello\n' } });
      repo.git('config', 'user.name', 'Grove Test');
      repo.git('config', 'user.email', 'test@grove.invalid');
      hostRoot = mkdtempSync(join(tmpdir(), 'grove-host-root-'));
      host = await startSshHost({ privateMounts: [repo.parent, hostRoot] });
      stateDir = join(repo.root, '.git', 'grove');
      executor = new SshExecutor(
        {
          name: 'box1',
          host: hostConfig(host, hostRoot),
          repoRoot: repo.root,
          controlDir: join(host.dir, 'control'),
        },
        { stateDir, refreshMs: 100 },
      );
    }, 120_000);

    afterAll(async () => {
      await executor?.close();
      await host?.close();
      repo?.cleanup();
      if (hostRoot) rmSync(hostRoot, { recursive: true, force: true });
    });

    function worktree(task: string): string {
      const wt = join(repo.parent, `wt-${task}`);
      repo.git('worktree', 'add', '-q', '-b', `grove/${task}`, wt, 'main');
      return wt;
    }

    function files(task: string, n: number): Record<'stdout' | 'stderr' | 'exit' | 'launch' | 'log', string> {
      const base = join(stateDir, 'logs', task, String(n));
      return {
        stdout: `${base}.stdout`,
        stderr: `${base}.stderr`,
        exit: `${base}.exit.json`,
        launch: `${base}.launch.json`,
        log: `${base}.wrapper.log`,
      };
    }

    async function start(task: string, wt: string, script: string) {
      const f = files(task, 1);
      const w = await executor.startWrapper({
        spec: {
          file: 'sh',
          args: ['-c', script],
          cwd: wt,
          stdinText: null,
          stdoutPath: f.stdout,
          stderrPath: f.stderr,
          exitPath: f.exit,
          segmentBytes: 1024 * 1024,
        },
        specPath: f.launch,
        env: {
          ...(process.env as Record<string, string>),
          ...(GIT_TEST_ENV as Record<string, string>),
          GROVE_WORKTREE: wt,
        },
        logPath: f.log,
      });
      return { w, f };
    }

    it('runs in a worktree on the host, mirrors its output by offset, and brings the work back', async () => {
      const wt = worktree('t1');
      const { w, f } = await start(
        't1',
        wt,
        [
          'echo "cwd $(pwd)"',
          'echo "wt $GROVE_WORKTREE"',
          `if [ -e ${wt}/README.md ]; then echo "local worktree visible"; else echo "local worktree hidden"; fi`,
          'sleep 0.5',
          'echo made > made.txt && git add made.txt && git commit -qm "agent commit"',
          'echo left > left.txt',
          'echo "second" >&2',
          'echo done',
        ].join('\n'),
      );
      expect(w.processStart).toMatch(/^\d+$/);
      let changes = 0;
      const watch = executor.watch(join(stateDir, 'logs', 't1'), () => (changes += 1));
      w.go();
      expect(executor.isAlive(w.pid, w.processStart!)).toBe(true);
      const exit = await until<ExitRecord>('the exit record', () => executor.readExit(f.exit));
      expect(exit).toMatchObject({ code: 0, signal: null });
      const read = executor.readLines({ path: f.stdout, segmentBytes: 1024 * 1024 }, 0, { final: true });
      const remoteWt = join(hostRoot, 'worktrees', 'wt-t1');
      expect(read.lines).toEqual([`cwd ${remoteWt}`, `wt ${remoteWt}`, 'local worktree hidden', 'done']);
      expect(read.offset).toBe(readFileSync(f.stdout).length);
      // Resuming from a stored offset gives the rest only.
      const first = Buffer.byteLength(`cwd ${remoteWt}\n`);
      expect(executor.readLines({ path: f.stdout, segmentBytes: 1024 * 1024 }, first).lines[0]).toBe(
        `wt ${remoteWt}`,
      );
      expect(readFileSync(f.stderr, 'utf8')).toBe('second\n');
      // The work is here before the exit record was: the commit on the branch, the leftover uncommitted.
      expect(execFileSync('git', ['log', '-1', '--format=%s'], { cwd: wt, encoding: 'utf8' }).trim()).toBe(
        'agent commit',
      );
      expect(readFileSync(join(wt, 'made.txt'), 'utf8')).toBe('made\n');
      expect(readFileSync(join(wt, 'left.txt'), 'utf8')).toBe('left\n');
      expect(execFileSync('git', ['status', '--porcelain'], { cwd: wt, encoding: 'utf8' })).toBe(
        '?? left.txt\n',
      );
      expect(changes).toBeGreaterThan(0);
      // Nothing the host wrote is on this machine's side of its root.
      expect(readdirSync(hostRoot)).toEqual([]);
      await until('the wrapper to be seen gone', () =>
        executor.isAlive(w.pid, w.processStart!) ? undefined : true,
      );
      watch?.close();
    }, 120_000);

    it('a stop signals the process group on the host; a second attempt starts from the local commit', async () => {
      const wt = worktree('t2');
      repo.git('-C', wt, 'commit', '-q', '--allow-empty', '-m', 'local work');
      const { w, f } = await start('t2', wt, 'git log -1 --format=%s; echo started; exec sleep 60');
      const watch = executor.watch(join(stateDir, 'logs', 't2'), () => undefined);
      w.go();
      await until('the first lines', () =>
        existsSync(f.stdout) && readFileSync(f.stdout, 'utf8').includes('started') ? true : undefined,
      );
      expect(readFileSync(f.stdout, 'utf8')).toBe('local work\nstarted\n');
      expect(executor.groupAlive(w.pid)).toBe(true);
      expect(executor.signalGroup(w.pid, 'SIGTERM')).toBe(true);
      const exit = await until<ExitRecord>('the exit record', () => executor.readExit(f.exit)).catch(
        async (e) => {
          const d = join(hostRoot, 'state', 'logs', 't2');
          console.log(
            (
              await executor.connection.sh(
                `ls -la ${d}; cat ${d}/1.*; ps -ef | grep -v grep | grep -E 'sleep|wrapper'`,
              )
            ).stdout,
          );
          console.log(readdirSync(join(stateDir, 'logs', 't2')), readFileSync(f.log, 'utf8'));
          throw e;
        },
      );
      expect(exit.signal).toBe('SIGTERM');
      watch?.close();
    }, 120_000);
  },
);
