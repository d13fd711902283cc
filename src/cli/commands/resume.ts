import type { Command } from 'commander';
import { resumeTask } from '../../app/task-commands/index.js';
import { leadCommand, runLeadAction } from '../progress/lead-command.js';

export function register(program: Command): void {
  leadCommand(
    program,
    'resume',
    'Continue a paused (or blocked) task in the SAME agent session, optionally with more token budget.',
    [
      'grove resume add-login',
      'grove resume add-login --budget +200k   # add 200k tokens',
      'grove resume add-login --budget 1.5M    # set the budget',
    ],
  )
    .option('--budget <tokens>', 'new budget: +N adds to it, N replaces it (k and M suffixes)')
    .action((task: string, opts: { json?: boolean; budget?: string }) =>
      runLeadAction(task, opts.json, (ctx) => resumeTask(ctx, task, 'cli', opts.budget)),
    );
}
