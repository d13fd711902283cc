import type { Command } from 'commander';
import { retryTask } from '../../app/run/lead-actions.js';
import { leadCommand, runLeadAction } from '../progress/lead-command.js';

export function register(program: Command): void {
  leadCommand(
    program,
    'retry',
    'Start a task again in a fresh agent session (same worktree and branch); stops its agent if one runs.',
    ['grove retry add-login'],
  ).action((task: string, opts: { json?: boolean }) =>
    runLeadAction(task, opts.json, (ctx) => retryTask(ctx, task)),
  );
}
