import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, posix, relative } from 'node:path';
import type { Executor, ExecutorWatch, StartedWrapper, WrapperLaunch } from '../../app/executor/types.js';
import { GroveError } from '../../shared/errors.js';
import type { ReadOptions, ReadResult, StreamFiles } from '../process/output-reader.js';
import { readNewLines } from '../process/output-reader.js';
import type { RunOptions, RunResult } from '../process/run.js';
import { readExitRecord, readWrapperSpec, wrapperPath } from '../process/supervisor.js';
import type { ExitRecord, WrapperSpec } from '../process/supervisor-spec.js';
import { listSegments, segmentPath } from '../process/supervisor-segments.js';
import { SshConnection } from '../ssh/connection.js';
import { remotePath, shellLine, shellQuote } from '../ssh/shell-quote.js';
import type { SshTarget } from '../ssh/ssh-args.js';
import type { HostLayout } from './ssh-git.js';
import { fetchBackFromHost, hostLayout, prepareHostWorktree } from './ssh-git.js';
import { SshChannel } from './ssh-channel.js';
import { HostMirror } from './ssh-mirror.js';

/** What the remote shell prints (on stderr) when the folder a command was to run in is missing. */
const NO_DIR = 'grove-executor: no such folder';
/** readFile's exit code for "no such file" (anything else is an error). */
const NO_FILE_EXIT = 44;

export interface SshAttemptPlaces {
  /** grove's state folder on this machine: attempt files under it are mirrored from `<root>/state`. */
  stateDir: string;
  /** How often the mirror is refreshed while attempts are followed. Default 250 ms. */
  refreshMs?: number;
}

/**
 * A named SSH host as an executor (see docs/EXECUTOR.md). The attempt's worktree is made on the host
 * from the local one (git over SSH), the wrapper runs there detached, and its log folder is mirrored
 * into the local one by byte offsets, so the synchronous follow methods answer from local files with
 * the host's offsets. When the agent has exited, the task branch (and any uncommitted leftovers) is
 * brought back into the local worktree before the exit record is published here: whoever sees the
 * exit sees the agent's work locally.
 */
export class SshExecutor implements Executor {
  readonly name: string;
  readonly connection: SshConnection;
  /** Every command on the host goes through it (one session, not one per command). */
  readonly channel: SshChannel;
  private readonly layout: HostLayout;
  private readonly mirror: HostMirror;
  private wrapperOnHost: string | undefined;
  /** Worktrees prepared by prepareWorktree, for the startWrapper that follows. */
  private readonly prepared = new Map<string, string>();

  constructor(
    target: SshTarget,
    private readonly places?: SshAttemptPlaces,
  ) {
    this.name = `ssh:${target.name}`;
    this.connection = new SshConnection(target);
    this.channel = new SshChannel(this.connection);
    this.layout = hostLayout(target.host.root);
    this.mirror = new HostMirror(this.channel, {
      refreshMs: places?.refreshMs ?? 250,
      lostAfterMs: (target.host.lost_after ?? 120) * 1000,
      fetchBack: async (spec) => {
        const remoteWt = posix.join(this.layout.worktrees, basename(spec.cwd));
        await fetchBackFromHost(this.channel, this.layout, spec.cwd, remoteWt);
      },
    });
  }

  private get hostName(): string {
    return this.connection.target.name;
  }

  /**
   * Runs `file args` in `options.cwd` on the host. The host's own login environment applies: of
   * `options.env`, only the variables that differ from this process's environment are sent. At
   * `timeoutMs`, or when `signal` aborts, the host ends the command's process group (TERM, then KILL
   * 2 s later) and the result comes back as a local run's would.
   */
  async run(file: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
    const env = sentEnv(options.env);
    const command = shellLine([...(env.length > 0 ? ['env', ...env] : []), file, ...args]);
    const script =
      `cd ${shellQuote(options.cwd)} 2>/dev/null || { printf '%s\\n' ${shellQuote(NO_DIR)} >&2; exit 127; }\n` +
      `exec ${command}\n`;
    const r = await this.channel.shOrThrow(script, {
      ...(options.input !== undefined ? { input: options.input } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.signal !== undefined ? { signal: options.signal } : {}),
      ...(options.maxBuffer !== undefined ? { maxBuffer: options.maxBuffer } : {}),
    });
    if (r.code === 127 && r.stderr.trim() === NO_DIR) {
      throw new GroveError(
        'DIR_MISSING',
        `cannot run ${file} in ${options.cwd} on host ${this.hostName}: that folder does not exist there`,
        { hint: `check hosts.${this.hostName}.root and that the worktree was made on the host` },
      );
    }
    return r;
  }

  async readFile(path: string): Promise<string | undefined> {
    const r = await this.channel.shOrThrow(
      `[ -e ${shellQuote(path)} ] || exit ${NO_FILE_EXIT}\nexec cat -- ${shellQuote(path)}\n`,
      { timeoutMs: 60_000 },
    );
    if (r.code === NO_FILE_EXIT) return undefined;
    if (r.code !== 0) {
      throw new GroveError(
        'STATE_INVALID',
        `cannot read ${path} on host ${this.hostName}: ${r.stderr.trim() || `exit ${r.code}`}`,
      );
    }
    return r.stdout;
  }

  // ---- attempts -------------------------------------------------------------------------------

  /** The host's folder for a local path under the state folder (never the local path itself). */
  private remoteOf(localPath: string): string {
    const places = this.requirePlaces('start an attempt');
    const rel = relative(places.stateDir, localPath);
    if (rel === '' || rel.startsWith('..') || rel.startsWith('/')) {
      throw new GroveError('INTERNAL', `${localPath} is not under grove's state folder ${places.stateDir}`);
    }
    return posix.join(this.layout.state, ...rel.split('/'));
  }

  private requirePlaces(what: string): SshAttemptPlaces {
    if (!this.places) {
      throw new GroveError('USAGE', `grove cannot ${what} on host ${this.hostName} without its state folder`);
    }
    return this.places;
  }

  async prepareWorktree(worktree: string): Promise<void> {
    this.requirePlaces('start an attempt');
    const { remoteWorktree } = await prepareHostWorktree(this.channel, this.layout, worktree);
    await this.ensureWrapper();
    this.prepared.set(worktree, remoteWorktree);
  }

  /** The host's copy of a local worktree: `<root>/worktrees/<name of the local worktree>`. */
  worktreePath(worktree: string): string {
    return posix.join(this.layout.worktrees, basename(worktree));
  }

  async startWrapper(launch: WrapperLaunch): Promise<StartedWrapper> {
    const { spec } = launch;
    const localDir = dirname(spec.stdoutPath);
    const remoteDir = this.remoteOf(localDir);
    const n = basename(launch.specPath).replace(/\.launch\.json$/, '');
    // What an earlier attempt of the same name left in the local mirror.
    const stale = [spec.exitPath, launch.specPath, launch.logPath];
    for (const stream of [spec.stdoutPath, spec.stderrPath]) {
      for (const k of listSegments(stream)) stale.push(segmentPath(stream, k));
    }
    for (const f of stale) rmSync(f, { force: true });
    this.mirror.follow(localDir, remoteDir);
    this.mirror.forgetExit(localDir, `${n}.exit.json`);

    const remoteWorktree =
      this.prepared.get(spec.cwd) ??
      (await prepareHostWorktree(this.channel, this.layout, spec.cwd)).remoteWorktree;
    this.prepared.delete(spec.cwd);
    const wrapper = await this.ensureWrapper();
    const map = (p: string): string => posix.join(remoteDir, basename(p));
    const remoteSpec: WrapperSpec = {
      ...spec,
      cwd: remoteWorktree,
      stdoutPath: map(spec.stdoutPath),
      stderrPath: map(spec.stderrPath),
      exitPath: map(spec.exitPath),
    };
    mkdirSync(localDir, { recursive: true });
    writeFileSync(launch.specPath, `${JSON.stringify(spec, null, 2)}\n`);
    const env = attemptEnv(this.mapEnv(launch.env, spec.cwd, remoteWorktree));
    const d = remotePath(remoteDir);
    const file = (suffix: string): string => `${d}/${shellQuote(`${n}${suffix}`)}`;
    const script =
      `set -e\nmkdir -p ${d}\n` +
      `rm -f ${file('.exit.json')} ${file('.launch.json')} ${file('.wrapper.log')} ${file('.proc')} ${file('.go')} ` +
      `${file('.stdout')} ${file('.stdout')}.* ${file('.stderr')} ${file('.stderr')}.*\n` +
      `cat > ${file('.launch.json')}\nmkfifo ${file('.go')}\ncd ${remotePath(remoteWorktree)}\n` +
      // The wrapper's stdin is a fifo opened read-write (so opening it does not block); `go\n` or
      // `no\n` written there later starts or ends it. setsid does not fork here: $! is the wrapper's pid.
      `${shellLine(['env', ...env])} setsid node ${remotePath(wrapper)} ${file('.launch.json')} ` +
      `> /dev/null 2>> ${file('.wrapper.log')} <> ${file('.go')} &\n` +
      `pid=$!\nstart=$(sed 's/^.*) //' /proc/$pid/stat | cut -d' ' -f20)\n` +
      `printf '%s %s\\n' "$pid" "$start" > ${file('.proc')}\nprintf '%s %s\\n' "$pid" "$start"\n`;
    const r = await this.channel.shOrThrow(script, {
      input: `${JSON.stringify(remoteSpec, null, 2)}\n`,
      timeoutMs: 60_000,
    });
    const [pidText, start] = r.stdout.trim().split(' ');
    const pid = Number(pidText);
    if (r.code !== 0 || !Number.isInteger(pid) || pid <= 0) {
      throw new GroveError('INTERNAL', `could not start the attempt wrapper on host ${this.hostName}`, {
        hint: r.stderr.trim() || `exit ${r.code}`,
      });
    }
    const go = (line: string): void => {
      // Opening the fifo blocks only when the wrapper is gone; `timeout` bounds that.
      void this.channel
        .sh(`exec timeout 20 sh -c ${shellQuote(`printf '${line}' > "$1"`)} sh ${file('.go')}\n`, {
          timeoutMs: 30_000,
        })
        .then(() => this.mirror.refreshSoon());
    };
    this.mirror.ensureTimer();
    return {
      pid,
      processStart: start || undefined,
      go: () => go('go\\n'),
      abort: () => go('no\\n'),
    };
  }

  /**
   * The attempt wrapper on the host: the same file as here (dist/attempt-wrapper.js of this grove, which
   * needs its node_modules), so grove must be installed at the same path there. Checked once.
   */
  private async ensureWrapper(): Promise<string> {
    if (this.wrapperOnHost) return this.wrapperOnHost;
    const path = wrapperPath();
    const r = await this.channel.shOrThrow(`[ -f ${shellQuote(path)} ]\n`, { timeoutMs: 60_000 });
    if (r.code !== 0) {
      throw new GroveError(
        'STATE_INVALID',
        `grove's attempt wrapper ${path} is missing on host ${this.hostName}`,
        {
          hint: `install grove on ${this.hostName} at the same path as here (${dirname(dirname(path))})`,
        },
      );
    }
    this.wrapperOnHost = path;
    return path;
  }

  /** The agent's variables with this machine's folders replaced by the host's. */
  private mapEnv(
    env: Record<string, string>,
    worktree: string,
    remoteWorktree: string,
  ): Record<string, string> {
    const places = this.requirePlaces('start an attempt');
    const pairs: Array<[string, string]> = [
      [places.stateDir, this.layout.state],
      [worktree, remoteWorktree],
      [this.connection.target.repoRoot, this.layout.repo],
    ];
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(env)) {
      let value = v;
      for (const [from, to] of pairs) {
        if (value === from || value.startsWith(`${from}/`)) {
          value = to + value.slice(from.length);
          break;
        }
      }
      out[k] = value;
    }
    return out;
  }

  readLines(stream: StreamFiles, offset: number, options?: ReadOptions): ReadResult {
    return readNewLines(stream, offset, options);
  }

  readExit(exitPath: string): ExitRecord | undefined {
    return readExitRecord(exitPath);
  }

  readSpec(specPath: string): WrapperSpec | undefined {
    return readWrapperSpec(specPath);
  }

  /** From the last refresh; true while the host has not answered yet (alive until it can tell). */
  isAlive(pid: number, processStart: string): boolean {
    return this.mirror.isAlive(pid, processStart);
  }

  groupAlive(pgid: number): boolean {
    return this.mirror.groupAlive(pgid);
  }

  /** Why the process reads dead without an exit record: the host is gone, or the process is. */
  lostReason(pid: number, processStart: string): string | undefined {
    return this.mirror.lostReason(pid, processStart);
  }

  signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
    if (!Number.isInteger(pgid) || pgid <= 1) return false;
    if (this.mirror.groupKnownGone(pgid)) return false;
    const sig = signal.replace(/^SIG/, '');
    void this.channel
      .sh(`kill -${shellQuote(sig)} -${pgid} 2>/dev/null || true\n`, { timeoutMs: 30_000 })
      .then(() => this.mirror.refreshSoon());
    return true;
  }

  watch(dir: string, onChange: () => void): ExecutorWatch | undefined {
    return this.mirror.watch(dir, this.remoteOf(dir), onChange);
  }

  /** Starts a refresh of the mirror unless one is running. */
  refreshSoon(): void {
    this.mirror.refreshSoon();
  }

  /** One round trip: new bytes, exit records and liveness for every followed log folder. */
  refresh(): Promise<void> {
    return this.mirror.refresh();
  }

  async close(): Promise<void> {
    await this.mirror.close();
    await this.channel.close();
    return this.connection.close();
  }
}

/** Variables that describe this machine, not the agent: the host's own login values apply there. */
const MACHINE_VARS = new Set([
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'PWD',
  'OLDPWD',
  'TMPDIR',
  'HOSTNAME',
  'SHLVL',
  '_',
  'MAIL',
  'TERM',
  'DISPLAY',
  'INVOCATION_ID',
  'JOURNAL_STREAM',
  'NODE',
  'INIT_CWD',
]);

/**
 * `K=V` words for an attempt on the host: the agent's whole environment as it would have it here (API
 * keys, GROVE_*, git identity), except this machine's own variables, which are sent only when the
 * launch set them to something else (an agent home, say).
 */
function attemptEnv(env: Record<string, string>): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(env)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) continue;
    const machine =
      MACHINE_VARS.has(k) || k.startsWith('SSH_') || k.startsWith('XDG_') || k.startsWith('npm_');
    if (machine && process.env[k] === v) continue;
    out.push(`${k}=${v}`);
  }
  return out.sort();
}

/** `K=V` words for the variables of `env` that this process does not already have with that value. */
function sentEnv(env: NodeJS.ProcessEnv | undefined): string[] {
  if (!env) return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined || process.env[k] === v) continue;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) continue;
    out.push(`${k}=${v}`);
  }
  return out.sort();
}
