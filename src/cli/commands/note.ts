import type { Command } from 'commander';
import { openProject } from '../../app/context.js';
import { emit } from '../output/emit.js';
import { requireKnownTasks } from '../known-tasks.js';

export function register(program: Command): void {
  program
    .command('note')
    .description('Write a lesson about a task yourself; it becomes a learning proposal for `grove retro`.')
    .argument('<task>', 'the task the lesson comes from')
    .argument('<text>', 'the lesson, one line')
    .option('--json', 'print {"task","text"} as JSON')
    .addHelpText(
      'after',
      '\nExample:\n  grove note add-login "Session cookies must be SameSite=Lax for the OAuth redirect"',
    )
    .action(async (task: string, text: string, opts: { json?: boolean }) => {
      const ctx = await openProject(process.cwd());
      try {
        requireKnownTasks(ctx, [task]);
        ctx.store.require(task);
        const note = { text: text.trim() };
        ctx.store.appendEvent(task, { type: 'note', data: note });
        emit(
          { task, ...note },
          { json: opts.json, human: (d) => `noted for ${d.task}; review it with \`grove retro\`` },
        );
      } finally {
        ctx.close();
      }
    });
}
