import type { Command } from 'commander';
import { initProject } from '../../app/init-project.js';
import { findProjectPaths } from '../../app/project-paths.js';
import { emit } from '../output/emit.js';

export function register(program: Command): void {
  program
    .command('init')
    .description('Create .grove/ with a commented config and an example task (and AGENTS.md if missing).')
    .option('--force', 'overwrite .grove/config.yaml and .grove/tasks/example.md if they exist')
    .option('--json', 'print the files written and skipped as JSON')
    .addHelpText(
      'after',
      '\nNever overwrites AGENTS.md or CLAUDE.md (it only adds an @AGENTS.md line to an existing CLAUDE.md).\n\nExample:\n  grove init && grove plan',
    )
    .action(async (opts: { force?: boolean; json?: boolean }) => {
      const paths = await findProjectPaths(process.cwd());
      const result = await initProject(paths.mainRoot, { force: opts.force });
      if (opts.json) return emit(result, { json: true, human: () => '' });
      const lines = [
        ...result.written.map((f) => `  wrote   ${f}`),
        ...result.skipped.map((s) => `  skipped ${s.file} (${s.reason})`),
        '',
        'Next steps:',
        '  1. Read .grove/config.yaml: set `gates` (your test, lint and type commands) and `default_agent`.',
        '  2. Write tasks as .grove/tasks/<id>.md (copy example.md; the id is the file name).',
        '  3. Run `grove plan` to check them and see which can run together.',
        '  4. Commit .grove/ and AGENTS.md.',
      ];
      emit(result, { json: false, human: () => `grove init: ${paths.mainRoot}\n${lines.join('\n')}` });
    });
}
