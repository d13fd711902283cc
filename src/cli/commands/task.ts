import type { Command } from 'commander';
import { createTask } from '../../app/new-task.js';
import { findProjectPaths } from '../../app/project-paths.js';
import { emit } from '../output/emit.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function register(program: Command): void {
  const task = program
    .command('task')
    .description('Work with task files (.grove/tasks/<id>.md).')
    .addHelpText('after', '\nExample:\n  grove task new "Add a login form" --owns "src/login/**"');
  task
    .command('new <title>')
    .description('Write .grove/tasks/<id>.md from a template; the id is made safe from the title.')
    .option('--id <id>', 'the task id (default: from the title, e.g. "add-a-login-form")')
    .option('--owns <glob>', 'a path glob the task may change (repeatable)', collect)
    .option('--depends-on <id>', 'a task that must be merged first (repeatable)', collect)
    .option('--agent <name>', 'the agent for this task (default: config default_agent)')
    .option('--best-of <n>', 'best-of-N: run n attempts in parallel and keep the best (attempts: n)', Number)
    .option('--json', 'print {"id","file"} as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  grove task new "Add a login form" --owns "src/login/**" --depends-on user-model\n  grove task new "Speed up the parser" --owns "src/parser/**" --best-of 3',
    )
    .action(
      async (
        title: string,
        opts: {
          id?: string;
          owns?: string[];
          dependsOn?: string[];
          agent?: string;
          bestOf?: number;
          json?: boolean;
        },
      ) => {
        const paths = await findProjectPaths(process.cwd());
        const created = await createTask(paths.mainRoot, { title, ...opts });
        emit(created, {
          json: opts.json,
          human: (c) => `grove task new: wrote ${c.file}\n  edit its goal and owns, then run \`grove plan\``,
        });
      },
    );
}
