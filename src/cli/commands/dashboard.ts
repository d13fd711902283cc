import type { Command } from 'commander';
import { openProject } from '../../app/context.js';
import { startDashboard } from '../../app/dashboard/start.js';
import { GroveError } from '../../shared/errors.js';
import { openBrowser } from '../../app/dashboard/open-browser.js';
import { emit } from '../output/emit.js';

function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) {
    throw new GroveError('USAGE', `--port must be a number from 0 to 65535, not "${value}"`, {
      hint: '0 picks a free port',
    });
  }
  return n;
}

export function register(program: Command): void {
  program
    .command('dashboard')
    .description('Serve the live dashboard (board, tasks, conflicts, queue, learnings, report) on 127.0.0.1.')
    .option('--port <n>', 'port to listen on (default: config dashboard.port; 0 = a free port)', parsePort)
    .option(
      '--host <host>',
      'interface to bind (default 127.0.0.1); another one needs this flag, and still the token',
    )
    .option('--no-open', 'do not open a browser')
    .option('--json', 'print {"url","port"} as one JSON line instead of text')
    .addHelpText(
      'after',
      '\nThe URL printed carries a random token; requests without it are refused.\n\nExample:\n  grove dashboard --port 0 --no-open',
    )
    .action(async (opts: { port?: number; host?: string; open: boolean; json?: boolean }) => {
      const ctx = await openProject(process.cwd());
      const dashboard = await startDashboard(ctx, { port: opts.port, host: opts.host });
      emit(
        { url: dashboard.url, port: dashboard.port },
        { json: opts.json, human: (d) => `grove dashboard: ${d.url}\n  (Ctrl-C stops it)` },
      );
      if (dashboard.warning) process.stderr.write(`grove ${dashboard.warning}\n`);
      if (opts.host !== undefined && !['127.0.0.1', 'localhost', '::1'].includes(opts.host)) {
        process.stderr.write(
          'grove: the dashboard listens beyond this machine; anyone with the URL (and its token) can act.\n',
        );
      }
      if (opts.open) await openBrowser(dashboard.url, process.cwd());
      await new Promise<void>((resolve) => {
        const stop = (): void => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await dashboard.close();
      ctx.close();
    });
}
