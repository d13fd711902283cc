import type { Command } from 'commander';
import { reassignTask } from '../../app/task-commands/index.js';
import { leadCommand, runLeadAction } from '../progress/lead-command.js';

export function register(program: Command): void {
  leadCommand(
    program,
    'reassign',
    'Give a task to a fresh session (of another agent with --agent), with notes on what failed before.',
    ['grove reassign add-login', 'grove reassign add-login --agent codex'],
  )
    .option('--agent <name>', 'the agent to use (default: the task’s own)')
    .action((task: string, opts: { json?: boolean; agent?: string }) =>
      runLeadAction(task, opts.json, (ctx) => reassignTask(ctx, task, 'cli', opts.agent)),
    );
}
