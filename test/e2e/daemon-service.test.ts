// Issue 24: run without a terminal. `grove up`'s daemon keeps going when the terminal that started it
// closes (SIGHUP to the terminal's process group), and `grove up --service` writes a user service whose
// command runs the scheduler and stops cleanly on SIGTERM (exit 130, which the unit counts as success).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openProject } from '../../src/app/context.js';
import type { GroveProject } from '../helpers/grove-project.js';
import { waitFor } from '../helpers/wait.js';
import { project, writeScript } from './run-helpers.js';

const BIN = new URL('../../bin/grove.js', import.meta.url).pathname;
let p: GroveProject | undefined;
const cleanups: Array<() => void> = [];
afterEach(() => {
  p?.grove('down');
  p?.cleanup();
  for (const c of cleanups.splice(0)) c();
});

/** grove in the project with `env` on top of this process's. */
function groveWith(
  env: Record<string, string>,
  ...args: string[]
): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: p!.root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('the scheduler without a terminal', () => {
  it('grove up keeps running when the terminal that started it closes', async () => {
    p = project({ a: writeScript('a') }, 'gates:\n  test: [node, -e, "0"]\n');
    // A "terminal": a shell in its own session that runs grove up, then waits.
    const terminal = spawn('sh', ['-c', `${process.execPath} ${BIN} up --no-dashboard; sleep 60`], {
      cwd: p.root,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    terminal.stdout.on('data', (b: Buffer) => (out += b.toString()));
    await waitFor(() => /pid (\d+)/.test(out), { what: 'grove up to print its pid', timeoutMs: 30_000 });
    const pid = Number(/pid (\d+)/.exec(out)![1]);
    process.kill(-terminal.pid!, 'SIGHUP'); // the terminal closes
    await new Promise((r) => terminal.once('exit', r));
    await new Promise((r) => setTimeout(r, 1000));
    expect(alive(pid)).toBe(true);
    const ctx = await openProject(p.root);
    try {
      expect(ctx.stores.locks.holder('scheduler')?.pid).toBe(pid);
      await waitFor(() => ctx.store.require('a').state === 'merged', { what: 'a merged', timeoutMs: 30_000 });
    } finally {
      ctx.close();
    }
    expect(p.grove('down').stdout).toContain(`stopped the daemon (pid ${pid})`);
  }, 90_000);

  it('grove up --service writes a user service whose command runs the loop and stops cleanly', async () => {
    p = project({ a: writeScript('a') }, 'gates:\n  test: [node, -e, "0"]\n');
    const home = mkdtempSync(join(tmpdir(), 'grove-service-home-'));
    cleanups.push(() => rmSync(home, { recursive: true, force: true }));
    const env = { HOME: home };
    const shown = p.grove('up', '--service', '--no-dashboard', '--json');
    expect(shown.code, shown.stderr).toBe(0);
    const unit = JSON.parse(shown.stdout) as {
      kind: string;
      file: string;
      text: string;
      enable: string[];
      written: string;
    };
    expect(unit).toMatchObject({ kind: 'systemd', written: 'no' });
    expect(unit.text).toContain(`WorkingDirectory=${p.root}`);
    expect(unit.text).toMatch(/^SuccessExitStatus=130$/m);
    expect(unit.text).toMatch(/^KillMode=process$/m); // agents outlive a restart, as with grove down

    const written = groveWith(env, 'up', '--service', '--no-dashboard', '--write');
    expect(written.code, written.stderr).toBe(0);
    const file = /wrote (\S+)/.exec(written.stdout)![1]!;
    expect(file.startsWith(join(home, '.config', 'systemd', 'user', 'grove-'))).toBe(true);
    expect(written.stdout).toContain('systemctl --user enable --now');
    expect(groveWith(env, 'up', '--service', '--no-dashboard', '--write').stdout).toContain(
      'already in place',
    );
    writeFileSync(file, '# mine\n');
    const refused = groveWith(env, 'up', '--service', '--no-dashboard', '--write');
    expect(refused.code).toBe(7);
    expect(refused.stderr).toContain('exists with other content');
    expect(readFileSync(file, 'utf8')).toBe('# mine\n');
    expect(p.grove('up', '--write').code).toBe(2);

    // The service's command, as systemd would run it: the loop runs, SIGTERM ends it with 130.
    const exec = /^ExecStart=(.*)$/m.exec(unit.text)![1]!.split(' ');
    const service = spawn(exec[0]!, exec.slice(1), { cwd: p.root, stdio: 'ignore' });
    const ctx = await openProject(p.root);
    try {
      await waitFor(() => ctx.store.get('a')?.state === 'merged', {
        what: 'a merged by the service',
        timeoutMs: 30_000,
      });
      expect(ctx.stores.locks.holder('scheduler')?.pid).toBe(service.pid);
    } finally {
      ctx.close();
    }
    const exited = new Promise<number | null>((r) => service.once('exit', (code) => r(code)));
    service.kill('SIGTERM');
    expect(await exited).toBe(130);
  }, 90_000);
});
