import type { Command } from 'commander';
import { approveTask } from '../../app/task-commands/index.js';
import { runLeadAction } from '../progress/lead-command.js';

export function register(program: Command): void {
  program
    .command('approve')
    .description(
      "Approve a task waiting in review (config review.code: required) for the commit reviewed, its branch tip: it joins the merge queue. If the branch moves after that, the approval is void and the task comes back to review. A task waiting with its agent's plan (review.agent_plan): the same session implements the plan.",
    )
    .argument('<task>', 'the task in review')
    .option('-m, --message <text>', 'a note kept with the approval')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  grove approve add-login\n  grove approve add-login -m "clean, thanks"\n\nExit codes: 10 (STATE_INVALID) when the task is not in review or someone else reviewed it first; nothing changes.',
    )
    .action(async (task: string, opts: { message?: string; json?: boolean }) => {
      await runLeadAction(task, opts.json, (ctx) => approveTask(ctx, task, 'cli', opts.message ?? ''));
    });
}
