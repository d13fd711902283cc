import type { Command } from 'commander';
import { openProject } from '../../app/context.js';
import { startDaemon } from '../../app/run/daemon.js';
import { emit } from '../output/emit.js';
import { runSessionCommand } from '../progress/run-ui.js';

export function register(program: Command): void {
  program
    .command('up')
    .description(
      'Run the scheduler as a background daemon with the dashboard (the loop of `grove run`, but it keeps running). ' +
        'Agents keep running across a daemon restart. `grove down` stops it.',
    )
    .option('--no-dashboard', 'do not start the dashboard')
    .option('--foreground', 'run the daemon loop in this process (what the background daemon runs)')
    .option('--json', 'print {"pid","url","log"} as JSON')
    .addHelpText('after', '\nExamples:\n  grove up\n  grove up --no-dashboard\n  grove down')
    .action(async (opts: { dashboard: boolean; foreground?: boolean; json?: boolean }) => {
      if (opts.foreground) {
        process.exitCode = await runSessionCommand({
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
        const started = await startDaemon(ctx, {
          dashboard: opts.dashboard,
          groveScript: process.argv[1]!,
          cwd: process.cwd(),
        });
        emit(started, {
          json: opts.json,
          human: (d) =>
            `grove up: scheduler running in the background (pid ${d.pid})\n` +
            (d.url ? `dashboard: ${d.url}\n` : '') +
            `log: ${d.log}\nstop it with \`grove down\` (agents keep running unless --stop-agents)`,
        });
      } finally {
        ctx.close();
      }
    });
}
