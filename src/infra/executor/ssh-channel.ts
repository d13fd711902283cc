import { mkdirSync } from 'node:fs';
import { LineChild } from '../process/line-child.js';
import type { RemoteResult, RemoteRunOptions, RemoteShell, SshConnection } from '../ssh/connection.js';
import { shellQuote } from '../ssh/shell-quote.js';
import type { SshTarget } from '../ssh/ssh-args.js';
import { sshArgs } from '../ssh/ssh-args.js';
import type { SshFailure } from '../ssh/ssh-failure.js';
import type { ChannelAnswer, ChannelRequest } from './ssh-channel-script.js';
import { CHANNEL_SCRIPT } from './ssh-channel-script.js';
import type { MirrorAnswer, MirrorQuery } from './ssh-mirror-script.js';

/** How long past a command's own timeout the host may take to answer before the channel counts dead. */
const ANSWER_GRACE_MS = 5000;

export interface ChannelShOptions extends RemoteRunOptions {
  /** Bytes of stdout/stderr kept (the tail), on the host; default 64 MiB. */
  maxBuffer?: number;
}

type Body = ChannelRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** The channel ended (or stopped answering) with a request in flight: why, in ssh's words if it said. */
export class ChannelDown extends Error {
  constructor(readonly failure: SshFailure) {
    super(failure.message);
  }
}

interface Link {
  child: LineChild;
  waiting: Map<
    number,
    { resolve: (a: ChannelAnswer) => void; reject: (e: ChannelDown) => void; holds: boolean }
  >;
}

/**
 * grove's one long-lived session to a host (over the host's shared connection): `ssh host exec node -e
 * <program>` (ssh-channel-script.ts), carrying JSON-line requests and answers, so a command costs a
 * message, not an ssh session and a login shell (whose rc files can take a second). Opened on first
 * use and again after it ended; a request in flight when it ends fails with ssh's reason.
 */
export class SshChannel implements RemoteShell {
  private link: Link | undefined;
  private nextId = 1;

  /**
   * @param command how the program is started: by default `ssh <host> exec node -e <program>`; tests
   *   start it here (`node -e <program>`).
   */
  constructor(
    readonly connection: SshConnection,
    private readonly command: { file: string; args: string[] } = {
      file: 'ssh',
      args: [...sshArgs(connection.target), `exec node -e ${shellQuote(CHANNEL_SCRIPT)}`],
    },
  ) {}

  get target(): SshTarget {
    return this.connection.target;
  }

  private open(): Link {
    if (this.link?.child.alive) return this.link;
    mkdirSync(this.target.controlDir, { recursive: true, mode: 0o700 });
    const waiting: Link['waiting'] = new Map();
    const child = LineChild.start(this.command.file, this.command.args, {
      cwd: this.target.repoRoot,
      onLine: (line) => this.onLine(link, line),
      onExit: (code, _signal, stderr) => this.fail(link, this.endedFailure(code, stderr)),
    });
    const link: Link = { child, waiting };
    this.link = link;
    return link;
  }

  private onLine(link: Link, line: string): void {
    let answer: ChannelAnswer;
    try {
      answer = JSON.parse(line) as ChannelAnswer;
    } catch {
      return; // not ours (a login script that prints on stdout): ignored
    }
    if (answer.id === undefined) return;
    const w = link.waiting.get(answer.id);
    if (!w) return;
    link.waiting.delete(answer.id);
    this.holdIfWaited(link);
    w.resolve(answer);
  }

  /** The channel keeps this process alive while an answer it holds for is awaited. */
  private holdIfWaited(link: Link): void {
    link.child.hold([...link.waiting.values()].some((w) => w.holds));
  }

  /** Fails every request in flight on `link` and forgets it (the next request opens a new channel). */
  private fail(link: Link, failure: SshFailure): void {
    if (this.link === link) this.link = undefined;
    link.child.kill();
    const waiting = [...link.waiting.values()];
    link.waiting.clear();
    link.child.hold(false);
    for (const w of waiting) w.reject(new ChannelDown(failure));
  }

  private endedFailure(code: number | null, stderr: string): SshFailure {
    if (code === 255) {
      const classified = this.connection.failure(stderr);
      if (classified.kind !== 'other') return classified;
    }
    const said = stderr.trim().split('\n').slice(-2).join(' ').trim();
    const name = this.target.name;
    return {
      kind: 'other',
      message: `the connection to host ${name} ended (${said || `ssh exited ${code ?? 'on a signal'}`})`,
      hint: `run \`grove hosts check ${name}\` (grove needs ssh to it and node there)`,
    };
  }

  /**
   * Sends one request; resolves with its answer. Rejects with ChannelDown when the channel ends first,
   * or when no answer came within `watchMs` (the channel is then dropped: it is not answering). With
   * `holds` false, waiting for the answer does not keep this process alive (the mirror's polls).
   */
  request(body: Body, watchMs?: number, signal?: AbortSignal, holds = true): Promise<ChannelAnswer> {
    const link = this.open();
    const id = this.nextId++;
    return new Promise<ChannelAnswer>((resolve, reject) => {
      const timer =
        watchMs === undefined
          ? undefined
          : setTimeout(
              () =>
                this.fail(link, {
                  kind: 'timeout',
                  message: `host ${this.target.name} did not answer within ${Math.round(watchMs / 1000)} s`,
                  hint: `run \`grove hosts check ${this.target.name}\``,
                }),
              watchMs,
            ).unref();
      const onAbort = (): void => this.send(link, { op: 'kill', ref: id });
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      link.waiting.set(id, {
        resolve: (a) => (done(), resolve(a)),
        reject: (e) => (done(), reject(e)),
        holds,
      });
      this.holdIfWaited(link);
      this.send(link, { ...body, id });
    });
  }

  private send(link: Link, request: ChannelRequest): void {
    link.child.send(JSON.stringify(request));
  }

  /** Runs a POSIX sh script on the host, like SshConnection.sh, through the channel. */
  async sh(script: string, options: ChannelShOptions = {}): Promise<RemoteResult> {
    if (options.signal?.aborted) {
      return {
        code: null,
        signal: 'SIGTERM',
        stdout: '',
        stderr: '',
        timedOut: false,
        sshFailure: undefined,
      };
    }
    try {
      const a = await this.request(
        {
          op: 'sh',
          script,
          ...(options.input !== undefined ? { input: options.input } : {}),
          ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
          ...(options.maxBuffer !== undefined ? { maxBuffer: options.maxBuffer } : {}),
        },
        options.timeoutMs !== undefined ? options.timeoutMs + ANSWER_GRACE_MS : undefined,
        options.signal,
      );
      if (a.error !== undefined) throw new Error(`the channel on host ${this.target.name}: ${a.error}`);
      return {
        code: a.code ?? null,
        signal: a.signal ?? null,
        stdout: a.stdout ?? '',
        stderr: a.stderr ?? '',
        timedOut: a.timedOut ?? false,
        sshFailure: undefined,
      };
    } catch (e) {
      if (!(e instanceof ChannelDown)) throw e;
      if (e.failure.kind === 'timeout' && options.timeoutMs !== undefined) {
        // No answer past its timeout: like a local ssh killed at its timeout (the command's fate there
        // is the host's: its channel program ends it when it sees the connection gone).
        return {
          code: null,
          signal: 'SIGKILL',
          stdout: '',
          stderr: e.message,
          timedOut: true,
          sshFailure: undefined,
        };
      }
      return {
        code: 255,
        signal: null,
        stdout: '',
        stderr: e.message,
        timedOut: false,
        sshFailure: e.failure,
      };
    }
  }

  async shOrThrow(script: string, options: ChannelShOptions = {}): Promise<RemoteResult> {
    return this.connection.throwIfFailed(await this.sh(script, options));
  }

  /** One mirror answer: at once when something is new, else after `waitMs` (or a `wake`). */
  async mirror(query: MirrorQuery, known: string[], waitMs: number): Promise<MirrorAnswer[]> {
    const a = await this.request({ op: 'mirror', query, known, waitMs }, waitMs + 30_000, undefined, false);
    if (a.error !== undefined || !a.answer) {
      throw new Error(`the mirror on host ${this.target.name} failed: ${a.error ?? 'no answer'}`);
    }
    return a.answer;
  }

  /** Answers every mirror request waiting on the host now. */
  wake(): void {
    if (this.link?.child.alive) this.send(this.link, { op: 'wake' });
  }

  /** Ends the channel (commands still running on the host are ended there). */
  async close(): Promise<void> {
    const link = this.link;
    this.link = undefined;
    if (link) await link.child.end();
  }
}
