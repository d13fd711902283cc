import type { Command } from 'commander';
import { openProject } from '../../app/context.js';
import type { CleanOutcome } from '../../app/workspace/clean.js';
import { IGNORED_MAX_BYTES, IGNORED_MAX_FILES } from '../../app/workspace/backup.js';
import { cleanWorkspaces } from '../../app/workspace/clean.js';
import { GroveError } from '../../shared/errors.js';
import { emit } from '../output/emit.js';

function describe(o: CleanOutcome): string {
  switch (o.kind) {
    case 'removed':
      if (o.savedAs)
        return `removed  ${o.id}: a best-of attempt that was not picked; its work stays in ${o.savedAs} until \`grove clean --force\` ends the cycle (\`git branch <name> ${o.savedAs}\` brings it back)${o.worktree ? `, worktree ${o.worktree}` : ''}${o.branch ? `, branch ${o.branch}` : ''}`;
      return `removed  ${o.id}: integrated (${o.reason})${o.worktree ? `, worktree ${o.worktree}` : ''}${o.branch ? `, branch ${o.branch}` : ''}`;
    case 'backed-up':
      return [
        `removed  ${o.id} after saving its work to ${o.backup} (grove restore ${o.id} brings it back)`,
        ...o.lost.map((l) => `         not in the backup, lost: ${l}`),
      ].join('\n');
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
    .option(
      '--force',
      'also remove dirty or unintegrated work, after backing it up exactly (index, files and modes, symlinks, empty folders, ignored files)',
    )
    .option(
      '--lose-ignored',
      `with --force: do not back up ignored files (without it, more than ${IGNORED_MAX_FILES} ignored files or ${IGNORED_MAX_BYTES / (1024 * 1024)} MB keep the worktree)`,
    )
    .option(
      '--lose-unsaveable',
      'with --force: remove what a backup cannot hold (fifos, sockets, unreadable files, nested git repositories) instead of keeping the worktree',
    )
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  grove clean --merged\n  grove clean add-login --force   # back up, then remove\n  grove clean add-login --force --lose-ignored   # ... without node_modules/ and other ignored files\n  grove restore add-login',
    )
    .action(
      async (
        tasks: string[],
        opts: {
          merged?: boolean;
          all?: boolean;
          force?: boolean;
          loseIgnored?: boolean;
          loseUnsaveable?: boolean;
          json?: boolean;
        },
      ) => {
        if (tasks.length > 0 && (opts.merged || opts.all)) {
          throw new GroveError('USAGE', 'give task ids or --merged/--all, not both', {
            hint: 'e.g. `grove clean add-login` or `grove clean --all`',
          });
        }
        if ((opts.loseIgnored || opts.loseUnsaveable) && !opts.force) {
          throw new GroveError(
            'USAGE',
            `${opts.loseIgnored ? '--lose-ignored' : '--lose-unsaveable'} only applies with --force`,
            { hint: 'e.g. `grove clean add-login --force --lose-ignored`' },
          );
        }
        const ctx = await openProject(process.cwd());
        try {
          const report = await cleanWorkspaces(ctx, {
            ids: tasks.length > 0 ? tasks : undefined,
            all: opts.all === true,
            force: opts.force === true,
            loseIgnored: opts.loseIgnored === true,
            loseUnsaveable: opts.loseUnsaveable === true,
          });
          emit(report, {
            json: opts.json,
            pretty: true,
            human: (r) =>
              [
                ...r.pruned.map((line) => `pruned   ${line}`),
                ...r.outcomes.map(describe),
                ...(r.integration.kind === 'removed'
                  ? r.integration.paths.map((path) => `removed  integration worktree ${path}`)
                  : [`kept     the integration worktrees: the merge queue is running (${r.integration.by})`]),
                ...r.bestOfRefs.map((b) =>
                  b.removed
                    ? `removed  best-of ${b.group}'s backup refs (${b.refs.length}): ${b.landed} landed and no attempt has a worktree or branch left`
                    : `kept     best-of ${b.group}'s backup refs (${b.refs.length}, refs/grove/best-of/${b.group}/): ${b.landed} landed; \`grove clean --force\` removes them`,
                ),
                ...(r.outcomes.length === 0 &&
                r.bestOfRefs.length === 0 &&
                r.integration.kind === 'removed' &&
                r.integration.paths.length === 0
                  ? ['nothing to clean']
                  : []),
              ].join('\n'),
          });
        } finally {
          ctx.close();
        }
      },
    );
}
