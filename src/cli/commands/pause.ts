import type { Command } from 'commander';
import { pauseTask } from '../../app/task-commands/index.js';
import { leadCommand, runLeadAction } from '../progress/lead-command.js';

export function register(program: Command): void {
  leadCommand(
    program,
    'pause',
    "Stop a task's agent and keep its worktree and session (state paused); `grove resume` continues it.",
    ['grove pause add-login'],
  ).action((task: string, opts: { json?: boolean }) =>
    runLeadAction(task, opts.json, (ctx) => pauseTask(ctx, task, 'cli')),
  );
}
