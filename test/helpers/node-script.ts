// Starts a TypeScript script as a real Node process (through tsx) and waits for lines it prints.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn } from 'node:child_process';

export interface ScriptProcess {
  child: ChildProcessWithoutNullStreams;
  output(): string;
  /** Resolves when the output contains `text`; rejects on exit or after `timeoutMs`. */
  waitFor(text: string, timeoutMs?: number): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

export function startScript(script: string, args: string[]): ScriptProcess {
  return startNode(['--import', 'tsx', script, ...args]);
}

/** Starts `node <args>` (e.g. `bin/grove.js events --follow`) with piped stdio. */
export function startNode(args: string[], options: { cwd?: string } = {}): ScriptProcess {
  const child = spawn(process.execPath, args, { stdio: 'pipe', cwd: options.cwd });
  let out = '';
  let err = '';
  const waiters: Array<() => void> = [];
  child.stdout.on('data', (b: Buffer) => {
    out += b.toString('utf8');
    for (const w of [...waiters]) w();
  });
  child.stderr.on('data', (b: Buffer) => (err += b.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>(
    (resolve) =>
      child.on('close', (code, signal) => {
        for (const w of [...waiters]) w();
        resolve({ code, signal, stderr: err });
      }),
  );
  let closed = false;
  void exited.then(() => (closed = true));
  return {
    child,
    output: () => out,
    exited,
    waitFor: (text, timeoutMs = 20_000) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => done(new Error(`timed out waiting for "${text}"; stderr: ${err}`)),
          timeoutMs,
        );
        const check = () => {
          if (out.includes(text)) done();
          else if (closed) done(new Error(`exited before "${text}"; stderr: ${err}`));
        };
        function done(e?: Error) {
          clearTimeout(timer);
          const i = waiters.indexOf(check);
          if (i >= 0) waiters.splice(i, 1);
          if (e) reject(e);
          else resolve();
        }
        waiters.push(check);
        check();
      }),
  };
}
