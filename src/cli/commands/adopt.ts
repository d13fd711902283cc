import type { Command } from 'commander';
import { adoptWork } from '../../app/adopt/adopt.js';
import { openProject } from '../../app/context.js';
import { emit } from '../output/emit.js';

export function register(program: Command): void {
  program
    .command('adopt')
    .description(
      "Bring work made outside grove — a branch, another tool's worktree, a pull request — in as a task at the verify stage: grove makes its own branch grove/<id> at the same commit and its own worktree (the source is never touched), writes a spec from the commits unless .grove/tasks/<id>.md exists (owns inferred from the diff: confirm it), and the next `grove run` gates it, then review and the merge queue as any task.",
    )
    .argument(
      '<source>',
      'a branch (local or remote), a worktree path, or a pull request (#12, 12 or its URL)',
    )
    .option('--task <id>', 'the task id (default: from the branch name)')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      "\nExamples:\n  grove adopt feature/login\n  grove adopt ../app-codex-worktree --task codex-login\n  grove adopt origin/teammate-fix\n  grove adopt #42\n\nA pull request is fetched from config queue.remote as refs/pull/<n>/head; with GitHub's gh installed its title and text go into the spec.\nExit code 2 (USAGE) for an unknown source, a branch already merged or with no change, a worktree with uncommitted work, or a task id in use; nothing is written then.",
    )
    .action(async (source: string, opts: { task?: string; json?: boolean }) => {
      const ctx = await openProject(process.cwd());
      try {
        const r = await adoptWork(ctx, source, opts.task ? { taskId: opts.task } : {});
        emit(r, {
          json: opts.json,
          human: (d) =>
            [
              `adopted ${d.source.label} as task ${d.taskId} at ${d.tip.slice(0, 8)}: ${d.changedFiles} file(s) changed`,
              `  branch ${d.branch}, worktree ${d.worktree}`,
              d.specWritten
                ? `  spec ${d.specFile} written from the commits; owns ${d.owns.join(', ')} (inferred from the diff: confirm it)`
                : `  spec ${d.specFile} (yours) used`,
              ...d.notes.map((n) => `  note: ${n}`),
              `  next: \`grove run\` runs its gates, then review and the merge queue`,
            ].join('\n'),
        });
      } finally {
        ctx.close();
      }
    });
}
