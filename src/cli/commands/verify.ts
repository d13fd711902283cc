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
      // Ctrl-C or SIGTERM: the running gate (its whole process group) is killed, nothing is recorded for
      // it, and grove says so; no gate keeps running after grove.
      const interrupt = new AbortController();
      const onSignal = (signal: NodeJS.Signals): void => interrupt.abort(signal);
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        requireKnownTasks(ctx, [task]);
        const report = await runGates(ctx, task, {
          all: opts.all === true,
          signal: interrupt.signal,
          onGate: opts.json ? undefined : (r) => process.stdout.write(`${formatGateRun(r)}\n`),
        }).catch((e: unknown) => {
          if (!interrupt.signal.aborted) throw e;
          return undefined;
        });
        if (report === undefined) {
          const signal = String(interrupt.signal.reason);
          emitInterrupted(task, signal, opts.json === true);
          process.exitCode = EXIT_CODES.INTERRUPTED;
          return;
        }
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
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        ctx.close();
      }
    });
}

function emitInterrupted(task: string, signal: string, json: boolean): void {
  const message = `${task}: verification interrupted (${signal}); the running gate was stopped with every process it started, and nothing was recorded for it`;
  if (json) process.stdout.write(`${JSON.stringify({ task, outcome: { kind: 'interrupted', signal } })}\n`);
  else process.stderr.write(`${message}\n`);
}
