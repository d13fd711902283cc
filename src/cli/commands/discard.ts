import type { Command } from 'commander';
import { discardFiles } from '../../app/task-commands/index.js';
import { runLeadAction } from '../progress/lead-command.js';

export function register(program: Command): void {
  program
    .command('discard')
    .description(
      "Keep or discard per file: drop a task's changes to the named files while it waits in review. grove commits the revert on the task branch naming your choice (a file the task added is removed, any other is restored to the merge base); its gates run again on the new tip, then it comes back to review.",
    )
    .argument('<task>', 'the task in review')
    .argument('<file...>', 'files its diff changes, as `grove review <task>` names them')
    .option('-m, --message <text>', 'why, kept in the commit message and the journal')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  grove discard add-login src/debug.ts\n  grove discard add-login package-lock.json -m "no dependency changes in this task"\n\nExit codes: 2 (USAGE) for a file the task does not change, or every file it changes (abandon the task instead); 10 (STATE_INVALID) when the task is not in review or its worktree has uncommitted changes; nothing changes on an error.',
    )
    .action(async (task: string, files: string[], opts: { message?: string; json?: boolean }) => {
      await runLeadAction(task, opts.json, (ctx) =>
        discardFiles(ctx, task, 'cli', { files, ...(opts.message ? { message: opts.message } : {}) }),
      );
    });
}
