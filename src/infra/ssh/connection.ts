import { mkdirSync } from 'node:fs';
import type { RunResult } from '../process/run.js';
import { run } from '../process/run.js';
import { GroveError } from '../../shared/errors.js';
import { shellQuote } from './shell-quote.js';
import type { SshTarget } from './ssh-args.js';
import { controlSocket, localPath, sshArgs } from './ssh-args.js';
import type { SshFailure } from './ssh-failure.js';
import { classifySshFailure, isSshFailure } from './ssh-failure.js';

export interface RemoteRunOptions {
  /** Written to the remote command's stdin, which is then closed. */
  input?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Runs POSIX sh scripts on a host: a plain connection, or grove's channel over it. */
export interface RemoteShell {
  readonly target: SshTarget;
  sh(script: string, options?: RemoteRunOptions): Promise<RemoteResult>;
  shOrThrow(script: string, options?: RemoteRunOptions): Promise<RunResult>;
}

/**
 * One named host reached with the system `ssh` client. The first command opens a shared connection
 * (a control socket in grove's state folder) that later commands reuse, so each costs one round trip,
 * not a handshake. Commands go through `sh -c` on the host whatever the login shell is.
 */
export class SshConnection implements RemoteShell {
  constructor(readonly target: SshTarget) {}

  /** Runs a POSIX sh script on the host. Resolves with its result, whatever its exit code; a failure
   *  of ssh itself (exit 255 with ssh's own message) is `sshFailure` of the result. */
  async sh(script: string, options: RemoteRunOptions = {}): Promise<RemoteResult> {
    mkdirSync(this.target.controlDir, { recursive: true, mode: 0o700 });
    const r = await run('ssh', [...sshArgs(this.target), `exec sh -c ${shellQuote(script)}`], {
      cwd: this.target.repoRoot,
      ...(options.input !== undefined ? { input: options.input } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.signal !== undefined ? { signal: options.signal } : {}),
    });
    return { ...r, sshFailure: isSshFailure(r.code, r.stderr) ? this.failure(r.stderr) : undefined };
  }

  /** Like `sh`, but a failure of ssh itself throws (with what it means and what to do). */
  async shOrThrow(script: string, options: RemoteRunOptions = {}): Promise<RunResult> {
    return this.throwIfFailed(await this.sh(script, options));
  }

  /** The result, unless ssh itself failed: then that, as an error saying what to do. */
  throwIfFailed(r: RemoteResult): RemoteResult {
    if (r.sshFailure) {
      throw new GroveError('STATE_INVALID', r.sshFailure.message, { hint: r.sshFailure.hint });
    }
    return r;
  }

  failure(stderr: string): SshFailure {
    const { host, name, repoRoot } = this.target;
    return classifySshFailure(stderr, {
      name,
      ssh: host.ssh,
      port: host.port,
      knownHosts: host.known_hosts !== undefined ? localPath(host.known_hosts, repoRoot) : undefined,
      identity: host.identity !== undefined ? localPath(host.identity, repoRoot) : undefined,
    });
  }

  /** Ends the shared connection, if one is open (commands after this open a new one). */
  async close(): Promise<void> {
    if (!controlSocket(this.target)) return;
    const args = sshArgs(this.target);
    await run('ssh', ['-O', 'exit', ...args], { cwd: this.target.repoRoot, timeoutMs: 10_000 }).catch(
      () => undefined,
    );
  }
}

export interface RemoteResult extends RunResult {
  sshFailure: SshFailure | undefined;
}
