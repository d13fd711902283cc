// One configured gate command (or acceptance command), run in the task's worktree with its timeout.
// The whole output — stdout and stderr interleaved as the program wrote them — goes straight to the
// gate's log file, so a gate that prints gigabytes costs disk, not memory; the tail is read back from
// the file. A fixed wrapper script (no data in it: the command comes as its arguments) does the
// redirection and, once the command exits, ends whatever it left running in its process group.
import { appendFileSync, closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { run } from '../../infra/process/run.js';
import type { Command } from '../../shared/config.js';

export interface CommandGateResult {
  ok: boolean;
  exitCode: number | null;
  timedOut: boolean;
}

/**
 * `$0` is the log file, `"$@"` the command. After the command exits, every process still in the group
 * (a server or watcher the gate started in the background) gets SIGTERM; the wrapper ignores it itself
 * and exits with the command's status. On timeout grove kills the whole group (see `run`).
 */
export const GATE_WRAPPER =
  'exec >"$0" 2>&1 </dev/null; "$@"; s=$?; trap "" TERM; kill -TERM 0 2>/dev/null; exit $s';

export function commandArgv(command: Command): [string, ...string[]] {
  return typeof command === 'string' ? ['sh', '-c', command] : (command as [string, ...string[]]);
}

export async function runCommandGate(
  command: Command,
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number; logPath: string; signal?: AbortSignal },
): Promise<CommandGateResult> {
  const argv = commandArgv(command);
  const r = await run('sh', ['-c', GATE_WRAPPER, options.logPath, ...argv], {
    cwd: options.cwd,
    env: options.env,
    timeoutMs: options.timeoutMs,
    maxBuffer: 64 << 10,
    ...(options.signal ? { signal: options.signal } : {}),
  }).catch((e: Error) => ({
    code: 127,
    signal: null,
    stdout: '',
    stderr: `cannot run sh: ${e.message}\n`,
    timedOut: false,
  }));
  // Anything the wrapper itself printed before its redirection (it cannot open the log, say).
  const own = `${r.stdout}${r.stderr}`;
  if (own !== '') appendFileSync(options.logPath, own);
  if (r.timedOut) {
    appendFileSync(
      options.logPath,
      `\n[grove] killed after ${formatMs(options.timeoutMs)} (the gate's timeout), with every process it started\n`,
    );
  }
  return { ok: r.code === 0 && !r.timedOut, exitCode: r.code, timedOut: r.timedOut };
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/** The last `bytes` of a log file as text (the start of the slice may be a partial line). */
export function readLogTail(path: string, bytes = 64 << 10): { text: string; truncated: boolean } {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, bytes);
    const buf = Buffer.alloc(length);
    readSync(fd, buf, 0, length, size - length);
    let text = buf.toString('utf8');
    const truncated = size > length;
    // Drop the partial first line of a cut file (unless that is all there is).
    if (truncated) {
      const nl = text.indexOf('\n');
      if (nl >= 0 && nl < text.length - 1) text = text.slice(nl + 1);
    }
    return { text, truncated };
  } finally {
    closeSync(fd);
  }
}
