import type { Executor } from '../../app/executor/types.js';
import { GroveError } from '../../shared/errors.js';
import type { RunOptions, RunResult } from '../process/run.js';
import { SshConnection } from '../ssh/connection.js';
import { shellLine, shellQuote } from '../ssh/shell-quote.js';
import type { SshTarget } from '../ssh/ssh-args.js';

/** What the remote shell prints (on stderr) when the folder a command was to run in is missing. */
const NO_DIR = 'grove-executor: no such folder';
/** readFile's exit code for "no such file" (anything else is an error). */
const NO_FILE_EXIT = 44;

/**
 * A named SSH host as an executor (see docs/EXECUTOR.md). Built so far: `run` and `readFile` over the
 * host's shared connection. Starting and following attempts there is the next step: those methods
 * throw rather than pretend, so nothing runs on this machine by mistake.
 */
export class SshExecutor implements Executor {
  readonly name: string;
  readonly connection: SshConnection;

  constructor(target: SshTarget) {
    this.name = `ssh:${target.name}`;
    this.connection = new SshConnection(target);
  }

  /**
   * Runs `file args` in `options.cwd` on the host. The host's own login environment applies: of
   * `options.env`, only the variables that differ from this process's environment are sent.
   */
  async run(file: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
    const env = sentEnv(options.env);
    const command = shellLine([...(env.length > 0 ? ['env', ...env] : []), file, ...args]);
    const script =
      `cd ${shellQuote(options.cwd)} 2>/dev/null || { printf '%s\\n' ${shellQuote(NO_DIR)} >&2; exit 127; }\n` +
      `exec ${command}\n`;
    const r = await this.connection.shOrThrow(script, {
      ...(options.input !== undefined ? { input: options.input } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.signal !== undefined ? { signal: options.signal } : {}),
    });
    if (r.code === 127 && r.stderr.trim() === NO_DIR) {
      throw new GroveError(
        'DIR_MISSING',
        `cannot run ${file} in ${options.cwd} on host ${this.connection.target.name}: that folder does not exist there`,
        {
          hint: `check hosts.${this.connection.target.name}.root and that the worktree was made on the host`,
        },
      );
    }
    return r;
  }

  async readFile(path: string): Promise<string | undefined> {
    const r = await this.connection.shOrThrow(
      `[ -e ${shellQuote(path)} ] || exit ${NO_FILE_EXIT}\nexec cat -- ${shellQuote(path)}\n`,
      { timeoutMs: 60_000 },
    );
    if (r.code === NO_FILE_EXIT) return undefined;
    if (r.code !== 0) {
      throw new GroveError(
        'STATE_INVALID',
        `cannot read ${path} on host ${this.connection.target.name}: ${r.stderr.trim() || `exit ${r.code}`}`,
      );
    }
    return r.stdout;
  }

  startWrapper(): never {
    throw notYet('start an attempt');
  }
  readLines(): never {
    throw notYet('follow an attempt');
  }
  readExit(): never {
    throw notYet('read an attempt’s exit');
  }
  readSpec(): never {
    throw notYet('read an attempt’s spec');
  }
  isAlive(): never {
    throw notYet('check an attempt’s process');
  }
  groupAlive(): never {
    throw notYet('check an attempt’s process group');
  }
  signalGroup(): never {
    throw notYet('signal an attempt');
  }
  watch(): never {
    throw notYet('watch an attempt’s output');
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}

function notYet(what: string): GroveError {
  return new GroveError('USAGE', `grove cannot yet ${what} on an SSH host`, {
    hint: 'agents on SSH hosts are being built (issue 19): only `grove hosts check` uses hosts so far',
  });
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
