import type { Command } from 'commander';
import { openProject } from '../../app/context.js';
import { restoreWorkspace } from '../../app/workspace/restore.js';
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
          human: (d) =>
            `restored ${task} from ${d.backup} into ${d.worktree} on ${d.branch} (uncommitted work is uncommitted again; the backup ref is kept)`,
        });
      } finally {
        ctx.close();
      }
    });
}
