import { spawn } from 'node:child_process';

export interface LineChildOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Each complete line the child prints on stdout (without its newline). */
  onLine: (line: string) => void;
  /** Once, when the child has ended (or could not start): its exit and the tail of its stderr. */
  onExit: (code: number | null, signal: NodeJS.Signals | null, stderr: string) => void;
}

/** Bytes of stderr kept for onExit (the tail). */
const STDERR_KEEP = 16 * 1024;

/**
 * A long-lived child that talks in lines: `send` writes one line to its stdin, `onLine` gets each line
 * of its stdout. It runs in its own process group (a Ctrl-C of the terminal does not end it; closing
 * its stdin, `end`, or this process exiting does). It keeps this process alive only while `hold(true)`.
 */
export class LineChild {
  private exited = false;
  private stderr = '';

  private constructor(private readonly child: ReturnType<typeof spawn>) {}

  static start(file: string, args: readonly string[], options: LineChildOptions): LineChild {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    const me = new LineChild(child);
    let rest = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop() ?? '';
      for (const line of parts) options.onLine(line);
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      me.stderr = (me.stderr + chunk).slice(-STDERR_KEEP);
    });
    child.stdin.on('error', () => undefined);
    let reported = false;
    const report = (code: number | null, signal: NodeJS.Signals | null): void => {
      me.exited = true;
      if (reported) return;
      reported = true;
      options.onExit(code, signal, me.stderr);
    };
    child.on('error', (e) => {
      me.stderr += `${e.message}\n`;
      report(null, null);
    });
    child.on('close', (code, signal) => report(code, signal));
    me.hold(false);
    return me;
  }

  get alive(): boolean {
    return !this.exited;
  }

  /** Writes one line (no newline inside) to the child's stdin. */
  send(line: string): void {
    if (!this.exited) this.child.stdin!.write(`${line}\n`);
  }

  /** Whether this child keeps this process's event loop alive (while answers are awaited). */
  hold(on: boolean): void {
    const streams = [this.child.stdin, this.child.stdout, this.child.stderr] as Array<{
      ref?: () => void;
      unref?: () => void;
    } | null>;
    if (on) {
      this.child.ref();
      for (const s of streams) s?.ref?.();
    } else {
      this.child.unref();
      for (const s of streams) s?.unref?.();
    }
  }

  /** Closes its stdin (it should end by itself), then SIGKILLs it if it has not after `graceMs`. */
  async end(graceMs = 2000): Promise<void> {
    if (this.exited) return;
    const ended = new Promise<void>((resolve) => this.child.once('close', () => resolve()));
    this.child.stdin!.end();
    const timer = setTimeout(() => this.kill(), graceMs);
    await ended;
    clearTimeout(timer);
  }

  /** Ends it now (SIGKILL; not its group, where a process it left in the background may live on). */
  kill(): void {
    if (this.exited) return;
    this.child.kill('SIGKILL');
  }
}
