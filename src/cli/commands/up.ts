import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { openProject } from '../../app/context.js';
import { SCHEDULER_LOCK } from '../../app/run/scheduler-lock.js';
import { startBackground } from '../../infra/process/background.js';
import { GroveError } from '../../shared/errors.js';
import { DAEMON_FILE, runSession } from '../progress/run-session.js';

async function waitFor<T>(what: string, deadlineMs: number, probe: () => T | undefined): Promise<T> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new GroveError('INTERNAL', `timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function register(program: Command): void {
  program
    .command('up')
    .description(
      'Run the scheduler as a background daemon with the dashboard (the loop of `grove run`, but it keeps running). ' +
        'Agents keep running across a daemon restart. `grove down` stops it.',
    )
    .option('--no-dashboard', 'do not start the dashboard')
    .option('--foreground', 'run the daemon loop in this process (what the background daemon runs)')
    .addHelpText('after', '\nExamples:\n  grove up\n  grove up --no-dashboard\n  grove down')
    .action(async (opts: { dashboard: boolean; foreground?: boolean }) => {
      if (opts.foreground) {
        process.exitCode = await runSession({
          only: [],
          dashboard: opts.dashboard,
          json: false,
          stopAgents: false,
          daemon: true,
        });
        return;
      }
      const ctx = await openProject(process.cwd());
      try {
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
        const args = [process.argv[1]!, 'up', '--foreground', ...(opts.dashboard ? [] : ['--no-dashboard'])];
        const pid = startBackground(process.execPath, args, {
          cwd: process.cwd(),
          env: process.env,
          logFile: log,
        });
        if (pid === undefined)
          throw new GroveError('INTERNAL', 'the daemon could not start', { hint: `see ${log}` });
        const daemonFile = join(ctx.paths.stateDir, DAEMON_FILE);
        const info = await waitFor('the daemon to start', 20_000, () => {
          if (locks.holder(SCHEDULER_LOCK)?.pid !== pid || !existsSync(daemonFile)) return undefined;
          try {
            const parsed = JSON.parse(readFileSync(daemonFile, 'utf8')) as {
              pid: number;
              url: string | null;
            };
            return parsed.pid === pid ? parsed : undefined;
          } catch {
            return undefined;
          }
        }).catch((e: unknown) => {
          throw new GroveError('INTERNAL', `the daemon did not come up: ${(e as Error).message}`, {
            hint: `see ${log}`,
          });
        });
        process.stdout.write(
          `grove up: scheduler running in the background (pid ${pid})\n` +
            (info.url ? `dashboard: ${info.url}\n` : '') +
            `log: ${log}\nstop it with \`grove down\` (agents keep running unless --stop-agents)\n`,
        );
      } finally {
        ctx.close();
      }
    });
}
