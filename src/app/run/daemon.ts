// The background scheduler of `grove up` / `grove down`: start `grove up --foreground` detached and
// wait until it holds the scheduler lock and has written its daemon file; stop whichever scheduler
// holds the lock and wait until it let go. The CLI only parses arguments and prints the results.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startBackground } from '../../infra/process/background.js';
import { GroveError } from '../../shared/errors.js';
import type { ProjectContext } from '../context.js';
import { SCHEDULER_LOCK } from './scheduler-lock.js';

/** Written by the foreground daemon session (`{pid, url}`), removed when it ends. */
export const DAEMON_FILE = 'daemon.json';

export interface DaemonStarted {
  pid: number;
  url: string | null;
  log: string;
}

async function waitUntil<T>(what: string, deadlineMs: number, probe: () => T | undefined): Promise<T> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new GroveError('INTERNAL', `timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function readDaemonFile(file: string, pid: number): { pid: number; url: string | null } | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { pid: number; url: string | null };
    return parsed.pid === pid ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Starts `<node> <grove> up --foreground` detached; refuses when a scheduler already runs. */
export async function startDaemon(
  ctx: ProjectContext,
  options: { dashboard: boolean; groveScript: string; cwd: string },
): Promise<DaemonStarted> {
  const locks = ctx.stores.locks;
  const held = locks.holder(SCHEDULER_LOCK);
  if (held) {
    throw new GroveError(
      'LOCKED',
      `a scheduler already runs for this repository: ${held.info ?? 'grove'} (pid ${held.pid})`,
      {
        hint:
          held.info === 'grove up'
            ? 'it is the daemon: `grove down` stops it'
            : 'stop that `grove run` first (Ctrl-C)',
      },
    );
  }
  const log = join(ctx.paths.stateDir, 'logs', 'daemon.log');
  const args = [options.groveScript, 'up', '--foreground', ...(options.dashboard ? [] : ['--no-dashboard'])];
  const pid = startBackground(process.execPath, args, { cwd: options.cwd, env: process.env, logFile: log });
  if (pid === undefined)
    throw new GroveError('INTERNAL', 'the daemon could not start', { hint: `see ${log}` });
  const daemonFile = join(ctx.paths.stateDir, DAEMON_FILE);
  const info = await waitUntil('the daemon to start', 20_000, () =>
    locks.holder(SCHEDULER_LOCK)?.pid === pid ? readDaemonFile(daemonFile, pid) : undefined,
  ).catch((e: unknown) => {
    throw new GroveError('INTERNAL', `the daemon did not come up: ${(e as Error).message}`, {
      hint: `see ${log}`,
    });
  });
  return { pid, url: info.url, log };
}

export type SchedulerStopped =
  { kind: 'none' } | { kind: 'stopped'; pid: number; what: string; agentsStopped: boolean };

/** Signals the scheduler that holds the lock (SIGUSR2 also stops its agents) and waits until it let go. */
export async function stopScheduler(
  ctx: ProjectContext,
  options: { stopAgents: boolean },
): Promise<SchedulerStopped> {
  const locks = ctx.stores.locks;
  const holder = locks.holder(SCHEDULER_LOCK);
  if (!holder) return { kind: 'none' };
  process.kill(holder.pid, options.stopAgents ? 'SIGUSR2' : 'SIGTERM');
  const end = Date.now() + ctx.config.attempts.kill_grace + 30_000;
  while (locks.holder(SCHEDULER_LOCK)?.pid === holder.pid) {
    if (Date.now() > end) {
      throw new GroveError('INTERNAL', `the scheduler (pid ${holder.pid}) did not stop`, {
        hint: `look at its log, or end it with \`kill ${holder.pid}\``,
      });
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const what = holder.info === 'grove up' ? 'the daemon' : (holder.info ?? 'the scheduler');
  return { kind: 'stopped', pid: holder.pid, what, agentsStopped: options.stopAgents };
}
