import type { Command } from 'commander';
import { openProject } from '../../app/context.js';
import { runGates } from '../../app/verify/verify-task.js';
import { formatGateRun } from '../output/gate-run.js';

export function register(program: Command): void {
  program
    .command('verify')
    .description(
      "Run a task's gates now, in its worktree: committed, ownership, knowledge-file, then config `gates` and the task's `accept` commands; stops at the first failure unless --all. Exit 1 when a gate fails.",
    )
    .argument('<task>', 'the task')
    .option('--all', 'run every gate even after one failed')
    .option('--json', 'print the outcome, every run and the skipped gates as JSON')
    .addHelpText(
      'after',
      "\nExamples:\n  grove verify add-login\n  grove verify add-login --all --json | jq '.runs[] | {gate, ok}'",
    )
    .action(async (task: string, opts: { all?: boolean; json?: boolean }) => {
      const ctx = await openProject(process.cwd());
      try {
        const report = await runGates(ctx, task, {
          all: opts.all === true,
          onGate: opts.json ? undefined : (r) => process.stdout.write(`${formatGateRun(r)}\n`),
        });
        const { outcome } = report;
        if (opts.json) {
          const summary =
            outcome.kind === 'passed'
              ? { kind: outcome.kind }
              : {
                  kind: outcome.kind,
                  gate: outcome.gate,
                  command: outcome.command,
                  fingerprint: outcome.fingerprint,
                };
          process.stdout.write(
            `${JSON.stringify({ task, outcome: summary, runs: report.runs, skipped: report.skipped }, null, 2)}\n`,
          );
        } else {
          const lines = report.skipped.map(
            (s) => `- ${s.gate.padEnd(16)} skipped (an earlier gate failed; --all runs every gate)`,
          );
          lines.push(
            outcome.kind === 'passed'
              ? `${task}: all ${report.runs.length} gates passed`
              : `${task}: failed at ${outcome.gate}`,
          );
          process.stdout.write(`${lines.join('\n')}\n`);
        }
        if (outcome.kind === 'failed') process.exitCode = 1;
      } finally {
        ctx.close();
      }
    });
}
