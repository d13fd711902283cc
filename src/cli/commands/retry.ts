import type { Command } from 'commander';
import { retryTask } from '../../app/task-commands/index.js';
import { leadCommand, runLeadAction } from '../progress/lead-command.js';

export function register(program: Command): void {
  leadCommand(
    program,
    'retry',
    'Start a task again in a fresh agent session (same worktree and branch); stops its agent if one runs.',
    ['grove retry add-login'],
  ).action((task: string, opts: { json?: boolean }) =>
    runLeadAction(task, opts.json, (ctx) => retryTask(ctx, task, 'cli')),
  );
}
