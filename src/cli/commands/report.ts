import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { openProject } from '../../app/context.js';
import { reportInputFromStores } from '../../app/run/report-input.js';
import { buildCycleReport, renderReportMarkdown } from '../../core/report/index.js';
import { openStores } from '../../infra/db/stores.js';

export function register(program: Command): void {
  program
    .command('report')
    .description(
      'The cycle report, computed from stored events: per task time, attempts, fix iterations, tokens and cost, gates passed first time, scope violations, queue wait; totals.',
    )
    .argument('[task...]', 'only these tasks (default: all)')
    .option('--json', 'the same data as JSON')
    .option('--out <file>', 'also write the Markdown to this file')
    .addHelpText(
      'after',
      '\nExamples:\n  grove report\n  grove report --json > cycle.json\n  grove report --out CYCLE.md',
    )
    .action(async (tasks: string[], opts: { json?: boolean; out?: string }) => {
      const ctx = await openProject(process.cwd());
      try {
        const input = reportInputFromStores(
          openStores(ctx.db, ctx.now),
          ctx.now(),
          tasks.length > 0 ? tasks : undefined,
        );
        const report = buildCycleReport(input);
        const markdown = renderReportMarkdown(report);
        if (opts.out) writeFileSync(opts.out, markdown);
        process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : markdown);
      } finally {
        ctx.close();
      }
    });
}
