import type { Command } from 'commander';
import { openProject } from '../../app/context.js';
import { runGates } from '../../app/verify/verify-task.js';
import { EXIT_CODES } from '../handle-error.js';
import { emit } from '../output/emit.js';
import { formatGateRun } from '../output/gate-run.js';
import { requireKnownTasks } from '../known-tasks.js';

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
        requireKnownTasks(ctx, [task]);
        const report = await runGates(ctx, task, {
          all: opts.all === true,
          onGate: opts.json ? undefined : (r) => process.stdout.write(`${formatGateRun(r)}\n`),
        });
        const { outcome } = report;
        const summary =
          outcome.kind === 'passed'
            ? { kind: outcome.kind }
            : {
                kind: outcome.kind,
                gate: outcome.gate,
                command: outcome.command,
                fingerprint: outcome.fingerprint,
              };
        emit(
          { task, outcome: summary, runs: report.runs, skipped: report.skipped },
          {
            json: opts.json,
            pretty: true,
            human: () =>
              [
                ...report.skipped.map(
                  (s) => `- ${s.gate.padEnd(16)} skipped (an earlier gate failed; --all runs every gate)`,
                ),
                outcome.kind === 'passed'
                  ? `${task}: all ${report.runs.length} gates passed`
                  : `${task}: failed at ${outcome.gate}`,
              ].join('\n'),
          },
        );
        if (outcome.kind === 'failed') process.exitCode = EXIT_CODES.FAILED;
      } finally {
        ctx.close();
      }
    });
}
