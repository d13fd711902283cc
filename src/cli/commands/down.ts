import type { Command } from 'commander';
import { openProject } from '../../app/context.js';
import { SCHEDULER_LOCK } from '../../app/run/scheduler-lock.js';
import { GroveError } from '../../shared/errors.js';

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
    .addHelpText('after', '\nExamples:\n  grove down\n  grove down --stop-agents')
    .action(async (opts: { stopAgents?: boolean }) => {
      const ctx = await openProject(process.cwd());
      try {
        const locks = ctx.stores.locks;
        const holder = locks.holder(SCHEDULER_LOCK);
        if (!holder) {
          process.stdout.write('grove down: no scheduler is running for this repository\n');
          return;
        }
        process.kill(holder.pid, opts.stopAgents ? 'SIGUSR2' : 'SIGTERM');
        const end = Date.now() + ctx.config.attempts.kill_grace + 30_000;
        while (locks.holder(SCHEDULER_LOCK)?.pid === holder.pid) {
          if (Date.now() > end) {
            throw new GroveError('INTERNAL', `the scheduler (pid ${holder.pid}) did not stop`, {
              hint: `look at its log, or end it with \`kill ${holder.pid}\``,
            });
          }
          await new Promise((r) => setTimeout(r, 100));
        }
        const what = holder.info === 'grove up' ? 'the daemon' : `${holder.info ?? 'the scheduler'}`;
        process.stdout.write(
          `grove down: stopped ${what} (pid ${holder.pid}); ${opts.stopAgents ? 'its agents were stopped and their tasks paused' : 'agents keep running'}\n`,
        );
      } finally {
        ctx.close();
      }
    });
}
