import type { Command } from 'commander';
import { openProject } from '../../app/context.js';
import { restoreWorkspace } from '../../app/workspace/restore.js';
import { EXIT_CODES } from '../handle-error.js';
import { emit } from '../output/emit.js';

export function register(program: Command): void {
  program
    .command('restore')
    .description(
      "Bring back a task's worktree and work saved by `grove clean --force` (the newest backup unless one is named).",
    )
    .argument('<task>', 'task id')
    .option(
      '--backup <ref>',
      'a backup ref or its timestamp part (see `git for-each-ref refs/grove/backup/<task>/`)',
    )
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nExample:\n  grove restore add-login')
    .action(async (task: string, opts: { backup?: string; json?: boolean }) => {
      const ctx = await openProject(process.cwd());
      try {
        const r = await restoreWorkspace(ctx, task, opts.backup);
        emit(r, {
          json: opts.json,
          pretty: r.differences.length > 0,
          human: (d) =>
            [
              `restored ${task} from ${d.backup} into ${d.worktree} on ${d.branch} (uncommitted work is uncommitted again; the backup ref is kept)`,
              ...(d.format === 'exact'
                ? d.differences.length === 0
                  ? [
                      `checked: ${d.checked?.entries ?? 0} files/folders/symlinks and ${d.checked?.indexEntries ?? 0} index entries are exactly as backed up`,
                    ]
                  : [
                      `but ${d.differences.length} thing(s) differ from the backup:`,
                      ...d.differences.map((x) => `  ${x}`),
                      `  the backup is still at ${d.backup}: \`git -C ${d.worktree} diff ${d.backup}\` shows the tracked content`,
                    ]
                : [
                    "this backup predates exact backups: the index was reset to the branch tip and modes are git's (644/755); ignored files were not saved",
                  ]),
              ...d.notKept.map((x) => `not in the backup (removed by clean): ${x}`),
              ...d.warnings.map((w) => `warning: ${w}`),
            ].join('\n'),
        });
        if (r.differences.length > 0) process.exitCode = EXIT_CODES.FAILED;
      } finally {
        ctx.close();
      }
    });
}
