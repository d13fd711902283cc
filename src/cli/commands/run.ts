import type { Command } from 'commander';
import { runSessionCommand } from '../progress/run-ui.js';

export function register(program: Command): void {
  program
    .command('run')
    .description(
      'Run the plan in the foreground until every task is merged or needs a person: starts agents up to `wip`, ' +
        'verifies, queues, fixes, pauses at the budget, reassigns stuck tasks. Exit 0 when all merged, 1 when some need you, 130 after Ctrl-C/SIGTERM (running gates are stopped; their tasks are verified again next run).',
    )
    .argument('[task...]', 'only these tasks (and what they depend on); default every task')
    .option('--no-dashboard', 'do not start the dashboard')
    .option('--json', 'print events and the end result as JSON lines')
    .option(
      '--host <host>',
      "the dashboard's address (default 127.0.0.1); anything beyond loopback is reachable by your network",
    )
    .option(
      '--keep-open',
      'keep running while tasks wait on you, to act from the dashboard (default when the dashboard runs on a terminal)',
    )
    .option('--no-keep-open', 'end when nothing more can move without you, even with the dashboard')
    .option(
      '--stop-agents',
      'on Ctrl-C/SIGTERM also stop the agents (default: they keep running and are re-adopted)',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  grove run\n  grove run add-login fix-header --no-dashboard\n  grove run --json > run.jsonl',
    )
    .action(
      async (
        tasks: string[],
        opts: { dashboard: boolean; json?: boolean; host?: string; stopAgents?: boolean; keepOpen?: boolean },
      ) => {
        process.exitCode = await runSessionCommand({
          only: tasks,
          dashboard: opts.dashboard,
          json: opts.json ?? false,
          stopAgents: opts.stopAgents ?? false,
          daemon: false,
          ...(opts.host !== undefined ? { host: opts.host } : {}),
          ...(opts.keepOpen !== undefined ? { keepOpen: opts.keepOpen } : {}),
        });
      },
    );
}
