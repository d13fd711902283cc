// The shape every lead command shares (pause, resume, stop, retry, reassign, abandon): open the
// project, make sure the task files are in the store, do the action, print what happened; a refusal
// becomes the GroveError the top-level handler maps to an exit code.
import type { Command } from 'commander';
import { openProject } from '../../app/context.js';
import type { ProjectContext } from '../../app/context.js';
import type { CommandResult } from '../../app/task-commands/index.js';
import { syncTasks } from '../../app/sync-tasks.js';
import { GroveError } from '../../shared/errors.js';
import { emit } from '../output/emit.js';
import { requireKnownTasks } from '../known-tasks.js';

export async function runLeadAction<R extends CommandResult>(
  taskId: string,
  json: boolean | undefined,
  act: (ctx: ProjectContext) => R | Promise<R>,
  human: (done: Omit<Extract<R, { kind: 'done' }>, 'kind'>) => string = (d) =>
    `${d.message}\n${d.from} → ${d.to}; ${d.next}`,
): Promise<void> {
  const ctx = await openProject(process.cwd());
  try {
    requireKnownTasks(ctx, [taskId]);
    syncTasks(ctx.store, ctx.tasks, ctx.config);
    const r = await act(ctx);
    if (r.kind === 'refused') {
      throw new GroveError(r.code, r.message, r.hint === undefined ? {} : { hint: r.hint });
    }
    const { kind: _kind, ...shown } = r as Extract<R, { kind: 'done' }>;
    emit(shown, { json, human });
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
