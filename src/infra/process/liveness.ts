import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * Whether a recorded pid still names the process grove started. A pid alone is not enough: after the
 * process exits the kernel may hand the same number to an unrelated process. So grove records the
 * process start time next to the pid, and a process counts as "the same" only when both match.
 */

const HAS_PROC = (() => {
  try {
    readFileSync('/proc/self/stat', 'utf8');
    return true;
  } catch {
    return false;
  }
})();

/**
 * The start time of `pid`, as an opaque string to store and compare: on Linux field 22 of
 * /proc/<pid>/stat (clock ticks since boot). `undefined` when there is no such process or it is a
 * zombie (exited, not yet reaped: it will never write another line).
 */
export function processStartTime(pid: number): string | undefined {
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  return HAS_PROC ? procStartTime(pid) : psStartTime(pid);
}

/** True when `pid` is alive and started at `startTime` (pid-reuse safe). */
export function isSameProcess(pid: number, startTime: string): boolean {
  const current = processStartTime(pid);
  return current !== undefined && current === startTime;
}

/** Parses the start time out of a /proc/<pid>/stat line; `undefined` for a zombie or a bad line. */
export function parseProcStat(stat: string): string | undefined {
  // Field 2 (comm) is in parentheses and may itself contain spaces and ')': split after the last ')'.
  const close = stat.lastIndexOf(')');
  if (close < 0) return undefined;
  const rest = stat
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  // rest[0] is field 3 (state), so field 22 (starttime) is rest[19].
  const state = rest[0];
  const start = rest[19];
  if (state === undefined || start === undefined || !/^\d+$/.test(start)) return undefined;
  if (state === 'Z' || state === 'X') return undefined;
  return start;
}

function procStartTime(pid: number): string | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  return parseProcStat(stat);
}

/** Portable fallback (macOS, BSD): `ps -o lstart=,stat=` gives the start time to the second. */
function psStartTime(pid: number): string | undefined {
  const r = spawnSync('ps', ['-o', 'stat=', '-o', 'lstart=', '-p', String(pid)], {
    encoding: 'utf8',
    timeout: 5000,
  });
  if (r.status !== 0 || typeof r.stdout !== 'string') return undefined;
  const line = r.stdout.trim();
  if (line === '' || line.startsWith('Z')) return undefined;
  return line.replace(/^\S+\s+/, '').replace(/\s+/g, ' ');
}
