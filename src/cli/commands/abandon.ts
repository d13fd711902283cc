import type { Command } from 'commander';
import { abandonTask } from '../../app/task-commands/index.js';
import { leadCommand, runLeadAction } from '../progress/lead-command.js';

export function register(program: Command): void {
  leadCommand(
    program,
    'abandon',
    'Give up on a task: stop its agent and mark it abandoned (its worktree and branch are kept).',
    ['grove abandon add-login'],
  ).action((task: string, opts: { json?: boolean }) =>
    runLeadAction(task, opts.json, (ctx) => abandonTask(ctx, task, 'cli')),
  );
}
