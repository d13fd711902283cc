import { join } from 'node:path';
import type { Command } from '../../shared/config.js';
import { startBackground } from '../../infra/process/background.js';
import { run } from '../../infra/process/run.js';

export type HookResult =
  { kind: 'ok' } | { kind: 'failed'; code: number | null; timedOut: boolean; output: string };

/** A configured command as `{file, args}`: a string is the user's own shell line, run by `sh -c`. */
function commandArgv(command: Command): { file: string; args: string[] } {
  if (typeof command === 'string') return { file: 'sh', args: ['-c', command] };
  const [file = 'true', ...args] = command;
  return { file, args };
}

/** Runs a blocking hook (`pre_start`) in the worktree; the last 8 KiB of its output on failure. */
export async function runHook(
  command: Command,
  cwd: string,
  env: Record<string, string>,
  timeoutMs: number,
): Promise<HookResult> {
  const { file, args } = commandArgv(command);
  const result = await run(file, args, { cwd, env: { ...process.env, ...env }, timeoutMs }).catch(
    (e: Error) => ({
      code: 127,
      signal: null,
      stdout: '',
      stderr: `could not start ${file}: ${e.message}`,
      timedOut: false,
    }),
  );
  if (result.code === 0) return { kind: 'ok' };
  const output = `${result.stdout}${result.stderr}`.slice(-8192);
  return { kind: 'failed', code: result.code, timedOut: result.timedOut, output };
}

/** Starts `post_start` in the background; output goes to `<stateDir>/logs/<task>/post-start.log`. */
export function startPostStartHook(
  command: Command,
  cwd: string,
  env: Record<string, string>,
  stateDir: string,
  taskId: string,
): { pid: number | undefined; log: string } {
  const log = join(stateDir, 'logs', taskId, 'post-start.log');
  const { file, args } = commandArgv(command);
  return { pid: startBackground(file, args, { cwd, env: { ...process.env, ...env }, logFile: log }), log };
}
