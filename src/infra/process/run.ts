import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { GroveError } from '../../shared/errors.js';

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Written to stdin, which is then closed. Without it stdin is closed at once. */
  input?: string;
  timeoutMs?: number;
  /** Bytes of stdout/stderr kept (the tail); default 64 MiB. */
  maxBuffer?: number;
  /** Aborting kills the whole process group like a timeout does (SIGTERM, SIGKILL after 2 s). */
  signal?: AbortSignal;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/**
 * Runs `file` with an argument array (never a shell) and collects its output. Never rejects for a
 * non-zero exit: callers decide what an exit code means. Rejects only when the program cannot start:
 * DIR_MISSING when `cwd` is not on disk (not node's "spawn git ENOENT", which names the program).
 * On timeout the whole process group gets SIGTERM, then SIGKILL after 2 s.
 */
export function run(file: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  const maxBuffer = options.maxBuffer ?? 64 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: options.timeoutMs !== undefined || options.signal !== undefined,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outLen = 0;
    let errLen = 0;
    let timedOut = false;
    let killTimer: NodeJS.Timeout | undefined;
    const kill = (): void => {
      if (killTimer !== undefined) return;
      killGroup(child.pid, 'SIGTERM');
      killTimer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), 2000);
    };
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            kill();
          }, options.timeoutMs);
    const onAbort = (): void => kill();
    if (options.signal?.aborted) kill();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (b: Buffer) => {
      out.push(b);
      outLen += b.length;
      while (outLen > maxBuffer && out.length > 1) outLen -= out.shift()!.length;
    });
    child.stderr.on('data', (b: Buffer) => {
      err.push(b);
      errLen += b.length;
      while (errLen > maxBuffer && err.length > 1) errLen -= err.shift()!.length;
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      clearTimeout(killTimer);
      options.signal?.removeEventListener('abort', onAbort);
      reject(missingDir(options.cwd, file, e) ?? e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(killTimer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        timedOut,
      });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? undefined);
  });
}

/** The folder a command was to run in is gone: say that, not that the program was not found. */
export function missingDir(cwd: string, file: string, cause?: unknown): GroveError | undefined {
  if (existsSync(cwd)) return undefined;
  return new GroveError(
    'DIR_MISSING',
    `cannot run ${file} in ${cwd}: that folder does not exist (deleted?)`,
    {
      hint: "if it was a task's worktree, `grove retry <task>` starts the task again on a new worktree from its branch",
      cause,
    },
  );
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}
