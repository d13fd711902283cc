import type { Command } from 'commander';
import { openProject } from '../../app/context.js';

export function register(program: Command): void {
  program
    .command('note')
    .description('Write a lesson about a task yourself; it becomes a learning proposal for `grove retro`.')
    .argument('<task>', 'the task the lesson comes from')
    .argument('<text>', 'the lesson, one line')
    .addHelpText(
      'after',
      '\nExample:\n  grove note add-login "Session cookies must be SameSite=Lax for the OAuth redirect"',
    )
    .action(async (task: string, text: string) => {
      const ctx = await openProject(process.cwd());
      try {
        ctx.store.require(task);
        ctx.store.appendEvent(task, { type: 'note', data: { text: text.trim() } });
        process.stdout.write(`noted for ${task}; review it with \`grove retro\`\n`);
      } finally {
        ctx.close();
      }
    });
}
