import type { RunResult } from '../process/run.js';
import { run } from '../process/run.js';
import { GroveError } from '../../shared/errors.js';

/** Environment for every git call grove makes: no pager, no prompts, stable C-locale output. */
export const GIT_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_TERMINAL_PROMPT: '0',
  GIT_PAGER: 'cat',
  LC_ALL: 'C',
};

export interface GitOptions {
  input?: string;
  env?: NodeJS.ProcessEnv;
  /** Exit codes that are results, not failures (e.g. 1 for merge-tree conflicts). */
  okCodes?: readonly number[];
  timeoutMs?: number;
}

/** Runs git in `repo` with an argument array; throws GIT_FAILED on an exit code not in okCodes. */
export async function git(
  repo: string,
  args: readonly string[],
  options: GitOptions = {},
): Promise<RunResult> {
  const result = await run('git', args, {
    cwd: repo,
    env: options.env ? { ...GIT_ENV, ...options.env } : GIT_ENV,
    input: options.input,
    timeoutMs: options.timeoutMs,
  });
  const ok = options.okCodes ?? [0];
  if (result.code === null || !ok.includes(result.code)) {
    throw new GroveError(
      'GIT_FAILED',
      `git ${args.join(' ')} failed (exit ${result.code ?? result.signal}): ${result.stderr.trim()}`,
      {
        cause: result,
      },
    );
  }
  return result;
}

/** stdout of a successful git call with the trailing newline removed. */
export async function gitText(
  repo: string,
  args: readonly string[],
  options: GitOptions = {},
): Promise<string> {
  return (await git(repo, args, options)).stdout.replace(/\n$/, '');
}
