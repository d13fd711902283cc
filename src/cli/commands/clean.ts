import type { Command } from 'commander';
import { openProject } from '../../app/context.js';
import type { CleanOutcome } from '../../app/workspace/clean.js';
import { cleanWorkspaces } from '../../app/workspace/clean.js';
import { GroveError } from '../../shared/errors.js';
import { emit } from '../output/emit.js';

function describe(o: CleanOutcome): string {
  switch (o.kind) {
    case 'removed':
      return `removed  ${o.id}: integrated (${o.reason})${o.worktree ? `, worktree ${o.worktree}` : ''}${o.branch ? `, branch ${o.branch}` : ''}`;
    case 'backed-up':
      return `removed  ${o.id} after saving its work to ${o.backup} (grove restore ${o.id} brings it back)`;
    case 'kept':
      return `kept     ${o.id}: ${o.reasons.join('; ')}`;
    case 'nothing':
      return `nothing  ${o.id}: no worktree or branch`;
  }
}

export function register(program: Command): void {
  program
    .command('clean')
    .description(
      'Remove worktrees and branches of integrated tasks; keep (and say why) anything with uncommitted or unintegrated work unless --force, which saves it to refs/grove/backup/<id>/<time> first.',
    )
    .argument('[task...]', 'only these tasks')
    .option('--merged', 'every task whose branch is integrated into the base (the default without task ids)')
    .option('--all', 'every grove task; dirty or unintegrated ones are still kept without --force')
    .option('--force', 'also remove dirty or unintegrated work, after backing it up')
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  grove clean --merged\n  grove clean add-login --force   # back up, then remove\n  grove restore add-login',
    )
    .action(
      async (tasks: string[], opts: { merged?: boolean; all?: boolean; force?: boolean; json?: boolean }) => {
        if (tasks.length > 0 && (opts.merged || opts.all)) {
          throw new GroveError('USAGE', 'give task ids or --merged/--all, not both', {
            hint: 'e.g. `grove clean add-login` or `grove clean --all`',
          });
        }
        const ctx = await openProject(process.cwd());
        try {
          const report = await cleanWorkspaces(ctx, {
            ids: tasks.length > 0 ? tasks : undefined,
            all: opts.all === true,
            force: opts.force === true,
          });
          emit(report, {
            json: opts.json,
            pretty: true,
            human: (r) =>
              [
                ...r.pruned.map((line) => `pruned   ${line}`),
                ...r.outcomes.map(describe),
                ...(r.outcomes.length === 0 ? ['nothing to clean'] : []),
              ].join('\n'),
          });
        } finally {
          ctx.close();
        }
      },
    );
}
