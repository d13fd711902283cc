import type { RunResult } from '../process/run.js';
import { run } from '../process/run.js';
import { GroveError } from '../../shared/errors.js';
import { signingFailure } from './signing.js';

/**
 * Environment for every git call grove makes: no pager, no editor, stable C-locale output, and no
 * prompt of any kind (terminal, askpass helper, credential manager). git also runs in its own session
 * (see run.ts: a timeout makes the child detached), so nothing it starts can open grove's terminal.
 */
export const GIT_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_TERMINAL_PROMPT: '0',
  GIT_ASKPASS: '',
  SSH_ASKPASS: '',
  SSH_ASKPASS_REQUIRE: 'never',
  GCM_INTERACTIVE: 'never',
  GIT_EDITOR: 'true',
  GIT_SEQUENCE_EDITOR: 'true',
  GIT_MERGE_AUTOEDIT: 'no',
  GIT_PAGER: 'cat',
  LC_ALL: 'C',
};

/** Put before every subcommand: no askpass program from the user's config either. */
export const GIT_NO_PROMPT_ARGS: readonly string[] = [
  '-c',
  'core.askPass=',
  '-c',
  'credential.interactive=false',
];

/** A git call that ends on its own in a few seconds on any sane repository. */
export const DEFAULT_GIT_TIMEOUT_MS = 120_000;
/** Calls that check out a tree, talk to a remote or rewrite packs: generous. */
export const LONG_GIT_TIMEOUT_MS = 30 * 60_000;
const LONG_SUBCOMMANDS = new Set([
  'worktree',
  'clone',
  'fetch',
  'push',
  'pull',
  'submodule',
  'checkout',
  'switch',
  'reset',
  'stash',
  'merge',
  'gc',
  'repack',
  'read-tree',
  'restore',
]);

/** The timeout a call gets when it does not say: GROVE_GIT_TIMEOUT_MS (ms) overrides the default. */
export function gitTimeoutFor(args: readonly string[]): number {
  const long = LONG_SUBCOMMANDS.has(args[0] ?? '');
  const fromEnv = Number(process.env[long ? 'GROVE_GIT_LONG_TIMEOUT_MS' : 'GROVE_GIT_TIMEOUT_MS']);
  if (Number.isFinite(fromEnv) && fromEnv > 0) return fromEnv;
  return long ? LONG_GIT_TIMEOUT_MS : DEFAULT_GIT_TIMEOUT_MS;
}

export interface GitOptions {
  input?: string;
  env?: NodeJS.ProcessEnv;
  /** Exit codes that are results, not failures (e.g. 1 for merge-tree conflicts). */
  okCodes?: readonly number[];
  /** Default: gitTimeoutFor(args). On timeout git's process group is killed and GIT_TIMEOUT thrown. */
  timeoutMs?: number;
}

/**
 * Runs git in `repo` with an argument array; throws GIT_FAILED on an exit code not in okCodes,
 * GIT_TIMEOUT when it did not end in time, DIR_MISSING when `repo` is not on disk. A failing or hung
 * commit signer is named as such (see signing.ts).
 */
export async function git(
  repo: string,
  args: readonly string[],
  options: GitOptions = {},
): Promise<RunResult> {
  const timeoutMs = options.timeoutMs ?? gitTimeoutFor(args);
  const result = await run('git', [...GIT_NO_PROMPT_ARGS, ...args], {
    cwd: repo,
    env: options.env ? { ...GIT_ENV, ...options.env } : GIT_ENV,
    input: options.input,
    timeoutMs,
  });
  const ok = options.okCodes ?? [0];
  if (!result.timedOut && result.code !== null && ok.includes(result.code)) return result;
  const signing = await signingFailure(repo, args, result);
  if (signing) throw signing;
  if (result.timedOut) {
    throw new GroveError(
      'GIT_TIMEOUT',
      `git ${args.join(' ')} in ${repo} did not finish within ${formatMs(timeoutMs)} and was killed${tail(result.stderr)}`,
      {
        hint: 'something git started may be waiting for input (a hook, a credential helper, a signer); run the same command yourself in that folder to see it',
        cause: result,
      },
    );
  }
  throw new GroveError(
    'GIT_FAILED',
    `git ${args.join(' ')} failed (exit ${result.code ?? result.signal}): ${result.stderr.trim()}`,
    { cause: result },
  );
}

/** The signal that killed the git process behind `error` (a GIT_FAILED from `git`), if one did. */
export function gitKilledBySignal(error: unknown): NodeJS.Signals | undefined {
  if (!(error instanceof GroveError) || error.code !== 'GIT_FAILED') return undefined;
  const cause = error.cause as { code?: unknown; signal?: unknown } | undefined;
  return cause && cause.code === null && typeof cause.signal === 'string'
    ? (cause.signal as NodeJS.Signals)
    : undefined;
}

/** stdout of a successful git call with the trailing newline removed. */
export async function gitText(
  repo: string,
  args: readonly string[],
  options: GitOptions = {},
): Promise<string> {
  return (await git(repo, args, options)).stdout.replace(/\n$/, '');
}

export function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

function tail(stderr: string): string {
  const t = stderr.trim();
  return t === '' ? '' : `: ${t.slice(-400)}`;
}
