import type { Command } from 'commander';
import { openProject } from '../../app/context.js';
import { approveScope } from '../../app/task-commands/index.js';
import { GroveError } from '../../shared/errors.js';
import { emit } from '../output/emit.js';
import { requireKnownTasks } from '../known-tasks.js';

export function register(program: Command): void {
  program
    .command('approve-scope')
    .description(
      "Accept the extra paths a task's agent asked for (scope_expansion): the ownership gate allows them and a blocked task continues its session.",
    )
    .argument('<task>', 'the task')
    .argument('[paths...]', 'paths or globs to allow (default: the ones the agent asked for)')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  grove approve-scope add-login              # what the agent asked for\n  grove approve-scope add-login src/router.ts',
    )
    .action(async (task: string, paths: string[], opts: { json?: boolean }) => {
      const ctx = await openProject(process.cwd());
      try {
        requireKnownTasks(ctx, [task]);
        const r = approveScope(ctx, task, 'cli', paths);
        if (r.kind === 'refused') throw new GroveError(r.code, r.message, r.hint ? { hint: r.hint } : {});
        emit(
          { task, paths: r.paths, resumed: r.resumed },
          {
            json: opts.json,
            human: (d) =>
              `${d.task}: allowed ${d.paths.join(', ')}${d.resumed ? '; it continues its session under `grove run`' : ''}`,
          },
        );
      } finally {
        ctx.close();
      }
    });
}
