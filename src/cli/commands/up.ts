import type { Command } from 'commander';
import { openProject } from '../../app/context.js';
import { startDaemon } from '../../app/run/daemon.js';
import type { ServiceWritten } from '../../app/run/service.js';
import { userService } from '../../app/run/service.js';
import { GroveError } from '../../shared/errors.js';
import { emit } from '../output/emit.js';
import { runSessionCommand } from '../progress/run-ui.js';

interface UpOptions {
  dashboard: boolean;
  foreground?: boolean;
  service?: boolean;
  write?: boolean;
  json?: boolean;
}

function emitService(s: ServiceWritten, json: boolean | undefined): void {
  emit(s, {
    json,
    human: (d) =>
      d.written === 'no'
        ? `# ${d.kind} user service for this repository: save it as ${d.file}\n# (or run grove up --service --write), then: ${d.enable.join(' && ')}\n${d.text}`
        : `grove up: ${d.written === 'written' ? 'wrote' : 'already in place:'} ${d.file}\nstart it now and with your session: ${d.enable.join(' && ')}\nstop it: grove down (or stop the service)`,
  });
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
    .option(
      '--service',
      'print a user service (systemd on Linux, launchd on macOS) that runs the scheduler without a terminal',
    )
    .option('--write', 'with --service: write the service file (never over a different one)')
    .option('--json', 'print {"pid","url","log"} as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  grove up\n  grove up --no-dashboard\n  grove up --service --write   # then the systemctl/launchctl line it prints\n  grove down',
    )
    .action(async (opts: UpOptions) => {
      if (opts.write && !opts.service) {
        throw new GroveError('USAGE', '--write goes with --service', { hint: 'grove up --service --write' });
      }
      if (opts.service) {
        const ctx = await openProject(process.cwd());
        try {
          emitService(
            userService(ctx.paths.mainRoot, { dashboard: opts.dashboard, write: opts.write ?? false }),
            opts.json,
          );
        } finally {
          ctx.close();
        }
        return;
      }
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
