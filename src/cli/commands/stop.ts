import type { Command } from 'commander';
import { stopTask } from '../../app/task-commands/index.js';
import { leadCommand, runLeadAction } from '../progress/lead-command.js';

export function register(program: Command): void {
  leadCommand(
    program,
    'stop',
    "Stop a task's agent and hold the task for you (state blocked) until you resume, retry or abandon it.",
    ['grove stop add-login'],
  ).action((task: string, opts: { json?: boolean }) =>
    runLeadAction(task, opts.json, (ctx) => stopTask(ctx, task, 'cli')),
  );
}
