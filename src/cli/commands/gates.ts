import type { Command } from 'commander';
import { openProject } from '../../app/context.js';
import { emit } from '../output/emit.js';
import { formatGateRun } from '../output/gate-run.js';
import { requireKnownTasks } from '../known-tasks.js';

export function register(program: Command): void {
  program
    .command('gates')
    .description(
      "Show a task's stored gate results: the latest run of each gate (or every run with --history), with the end of a failure's output.",
    )
    .argument('<task>', 'the task')
    .option('--history', 'every run, oldest first, not just the latest of each gate')
    .option('--json', 'print the runs as JSON')
    .addHelpText('after', '\nExamples:\n  grove gates add-login\n  grove gates add-login --history --json')
    .action(async (task: string, opts: { history?: boolean; json?: boolean }) => {
      const ctx = await openProject(process.cwd());
      try {
        requireKnownTasks(ctx, [task]);
        ctx.store.require(task);
        const store = ctx.stores.gates;
        const runs = opts.history ? store.listForTask(task) : store.latestByGate(task);
        emit(runs, {
          json: opts.json,
          pretty: true,
          human: (rs) =>
            rs.length === 0
              ? `${task}: no gate has run yet (grove verify ${task} runs them now)`
              : rs
                  .map((r) => {
                    const when = new Date(r.at).toISOString().replace('T', ' ').slice(0, 19);
                    const attempt = r.attempt_id === null ? 'manual' : `attempt ${r.attempt_id}`;
                    return `${formatGateRun(r, 6)}\n    ${when} · ${attempt}`;
                  })
                  .join('\n'),
        });
      } finally {
        ctx.close();
      }
    });
}
