import type { Command } from 'commander';
import { openProject } from '../../app/context.js';
import type { QueueFailure, QueueRoundReport } from '../../app/queue/index.js';
import { acceptBase, describeQueueFailure, enqueueTask, integrateNow } from '../../app/queue/index.js';
import { returnCulpritsDetached } from '../../app/run/index.js';
import type { CulpritOutcome } from '../../app/run/index.js';
import { emit } from '../output/emit.js';

function describeOutcome(o: CulpritOutcome): string {
  if (o.kind === 'held') return `${o.state} (${o.error})`;
  return o.state === 'verifying'
    ? 'verifying (grove merged the base into its worktree and git resolved it: its gates run again with the next `grove run`)'
    : o.state;
}

export function register(program: Command): void {
  program
    .command('integrate')
    .description(
      'Run the merge queue now: queue the verified tasks (or the ones named), build each candidate as the base + the tasks ahead + this one, test up to the speculative window at once (`queue.window`, `auto` by default: it prints why), move the base only to a passing candidate; grove merges the new base into a culprit’s worktree, then its gates run again (git resolved it) or it goes back to its agent (or to conflict/blocked).',
    )
    .argument('[task...]', 'queue these verified tasks first (default: every verified task)')
    .option('--json', 'print the report as JSON')
    .option(
      '--accept-base',
      'take the base branch as it is now after grove stopped integrating because it moved',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  grove integrate\n  grove integrate add-login fix-footer --json\n  grove integrate --accept-base',
    )
    .action(async (tasks: string[], opts: { json?: boolean; acceptBase?: boolean }) => {
      const ctx = await openProject(process.cwd());
      try {
        if (opts.acceptBase) process.stderr.write(`grove: ${await acceptBase(ctx)}\n`);
        const ids =
          tasks.length > 0
            ? tasks
            : ctx.store
                .list()
                .filter((t) => t.state === 'verified')
                .map((t) => t.id);
        for (const id of ids) enqueueTask(ctx, id, 'cli');
        const culprits: Array<{ taskId: string; failure: QueueFailure }> = [];
        const report: QueueRoundReport = await integrateNow(ctx, {
          hooks: {
            onMerged: () => undefined,
            onCulprit: (taskId, failure) => culprits.push({ taskId, failure }),
          },
        });
        const sentBack = (await returnCulpritsDetached(ctx, culprits)).map((o) => ({
          taskId: o.taskId,
          outcome: describeOutcome(o),
        }));
        if (opts.json) return emit({ ...report, sentBack }, { json: true, pretty: true, human: () => '' });
        const lines: string[] = [];
        for (const w of report.windows) lines.push(`window    ${w}`);
        for (const m of report.merged) lines.push(`merged    ${m.taskId} as ${m.commit.slice(0, 8)}`);
        for (const c of report.culprits) {
          const s = sentBack.find((x) => x.taskId === c.taskId);
          lines.push(
            `rejected  ${c.taskId}: ${describeQueueFailure(c.failure)} → ${s?.outcome ?? 'left integrating'}`,
          );
        }
        for (const pr of report.pullRequests) lines.push(`pr        ${pr.taskId}: ${pr.url}`);
        for (const n of report.notes) lines.push(`note      ${n}`);
        if (report.checkout?.kind === 'fast-forwarded')
          lines.push(`checkout  ${report.checkout.path} fast-forwarded`);
        if (report.checkout?.kind === 'left-dirty') lines.push(`checkout  ${report.checkout.message}`);
        if (report.merged.length === 0 && report.culprits.length === 0 && ids.length === 0)
          lines.push('nothing to integrate (no verified or queued task)');
        emit(report, { json: false, human: () => lines.join('\n') });
      } finally {
        ctx.close();
      }
    });
}
