// The shape every lead command shares (pause, resume, stop, retry, reassign, abandon): open the
// project, make sure the task files are in the store, do the action, print what happened.
import type { Command } from 'commander';
import { openProject } from '../../app/context.js';
import type { ProjectContext } from '../../app/context.js';
import type { LeadResult } from '../../app/run/lead-actions.js';
import { syncTasks } from '../../app/sync-tasks.js';

export async function runLeadAction(
  taskId: string,
  json: boolean | undefined,
  act: (ctx: ProjectContext) => Promise<LeadResult>,
): Promise<void> {
  const ctx = await openProject(process.cwd());
  try {
    syncTasks(ctx.store, ctx.tasks, ctx.config);
    const r = await act(ctx);
    if (json) process.stdout.write(`${JSON.stringify(r)}\n`);
    else process.stdout.write(`${r.message}\n${r.from} → ${r.to}; ${r.next}\n`);
  } finally {
    ctx.close();
  }
}

export function leadCommand(
  program: Command,
  name: string,
  description: string,
  examples: string[],
): Command {
  return program
    .command(name)
    .description(description)
    .argument('<task>', 'task id')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', `\nExamples:\n${examples.map((e) => `  ${e}`).join('\n')}`);
}
