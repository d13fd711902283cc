import { spawn } from 'node:child_process';
import { appendFileSync, closeSync, fchmodSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { missingDir } from './run.js';

export interface BackgroundOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** stdout and stderr are appended here. */
  logFile: string;
}

/**
 * Starts `file` with an argument array, detached in its own process group with output appended to a
 * log file, and lets it outlive this process (hooks such as `post_start`). Returns the pid, or undefined
 * when the program could not start (the reason is written to the log).
 */
export function startBackground(
  file: string,
  args: readonly string[],
  options: BackgroundOptions,
): number | undefined {
  mkdirSync(dirname(options.logFile), { recursive: true });
  // Only the user may read it: a daemon's log can hold the dashboard's token.
  const fd = openSync(options.logFile, 'a', 0o600);
  fchmodSync(fd, 0o600);
  try {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['ignore', fd, fd],
    });
    child.on('error', (e) =>
      appendFileSync(
        options.logFile,
        `grove: could not start ${file}: ${missingDir(options.cwd, file)?.message ?? e.message}\n`,
      ),
    );
    child.unref();
    return child.pid;
  } finally {
    closeSync(fd);
  }
}
