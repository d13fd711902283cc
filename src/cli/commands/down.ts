import type { Command } from 'commander';
import { openProject } from '../../app/context.js';
import { stopScheduler } from '../../app/run/daemon.js';
import { emit } from '../output/emit.js';

export function register(program: Command): void {
  program
    .command('down')
    .description(
      'Stop the background scheduler started by `grove up`. Agents keep running (re-adopted by the next `grove up`/`grove run`) unless --stop-agents.',
    )
    .option(
      '--stop-agents',
      'also stop the running agents (their tasks become paused; `grove resume` continues them)',
    )
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nExamples:\n  grove down\n  grove down --stop-agents')
    .action(async (opts: { stopAgents?: boolean; json?: boolean }) => {
      const ctx = await openProject(process.cwd());
      try {
        const r = await stopScheduler(ctx, { stopAgents: opts.stopAgents === true });
        emit(r, {
          json: opts.json,
          human: (d) =>
            d.kind === 'none'
              ? 'grove down: no scheduler is running for this repository'
              : `grove down: stopped ${d.what} (pid ${d.pid}); ${d.agentsStopped ? 'its agents were stopped and their tasks paused' : 'agents keep running'}`,
        });
      } finally {
        ctx.close();
      }
    });
}
