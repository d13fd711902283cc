// Runs the real `grove dashboard` in a child process and reads the URL it prints.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export interface DashboardProcess {
  url: string;
  /** The URL without the token. */
  origin: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export function startDashboardProcess(cwd: string, timeoutMs = 15_000): Promise<DashboardProcess> {
  const child = spawn(
    process.execPath,
    [join(process.cwd(), 'bin/grove.js'), 'dashboard', '--port', '0', '--no-open', '--json'],
    {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`grove dashboard printed no URL within ${timeoutMs} ms: ${out}${err}`));
    }, timeoutMs);
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`grove dashboard exited (${code}): ${out}${err}`));
    });
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (!line) return;
      clearTimeout(timer);
      const { url } = JSON.parse(line) as { url: string };
      resolve({ url, origin: new URL(url).origin, child, stop });
    });
  });
}
