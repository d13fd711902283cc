import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { openProject } from '../../app/context.js';
import { loadCycleReport } from '../../app/report/cycle-report.js';
import { renderReportMarkdown } from '../../core/report/index.js';
import { renderTrend } from '../../core/report/trend.js';
import { loadTrend } from '../../app/report/trend.js';
import { GroveError } from '../../shared/errors.js';
import { emit } from '../output/emit.js';

interface ReportOptions {
  cycle?: string;
  trend?: boolean;
  json?: boolean;
  out?: string;
}

function parseCycle(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new GroveError('USAGE', `--cycle must be a whole number from 1, not "${value}"`, {
      hint: 'for example `grove report --cycle 1`',
    });
  return n;
}

export function register(program: Command): void {
  program
    .command('report')
    .description(
      'The cycle report, computed from stored events: per task time, attempts, fix iterations, tokens and cost, gates passed first time, scope violations, queue wait; merge-queue test runs, learnings; totals.',
    )
    .argument('[task...]', 'only these tasks (default: all of the cycle)')
    .option('--cycle <n>', 'the cycle to report (default: the latest)')
    .option(
      '--trend',
      'per cycle, whether compounding works: first-pass gate rate, fix iterations, stuck rate, review rounds, tokens and cost per merged task, spawn to merge, conflicts, lessons accepted',
    )
    .option('--json', 'the same data as JSON')
    .option('--out <file>', 'also write the Markdown to this file')
    .addHelpText(
      'after',
      '\nExamples:\n  grove report\n  grove report --cycle 1 --json > cycle.json\n  grove report --out CYCLE.md\n  grove report --trend\n\nA cycle is the tasks planned together: tasks `grove plan` loads once every task of the latest cycle is finished (merged or abandoned) start the next one.',
    )
    .action(async (tasks: string[], opts: ReportOptions) => {
      const cycle = parseCycle(opts.cycle);
      if (opts.trend && (cycle !== undefined || tasks.length > 0 || opts.out)) {
        throw new GroveError('USAGE', '--trend covers every cycle and every task', {
          hint: 'leave out --cycle, task names and --out: grove report --trend',
        });
      }
      const ctx = await openProject(process.cwd());
      try {
        if (opts.trend) {
          const rows = await loadTrend(ctx);
          emit(rows, { json: opts.json, pretty: true, human: renderTrend });
          return;
        }
        const report = await loadCycleReport(ctx, { ...(cycle !== undefined ? { cycle } : {}), tasks });
        const markdown = renderReportMarkdown(report);
        if (opts.out) writeFileSync(opts.out, markdown);
        emit(report, { json: opts.json, pretty: true, human: () => markdown });
      } finally {
        ctx.close();
      }
    });
}
