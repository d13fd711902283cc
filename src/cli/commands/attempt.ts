import type { Command } from 'commander';
import { resolve } from 'node:path';
import type { AttemptFinished } from '../../app/attempts/index.js';
import {
  ATTEMPT_KINDS,
  AttemptMonitor,
  attemptDeps,
  attemptFiles,
  reconcile,
  stopAttempt,
} from '../../app/attempts/index.js';
import { openProject } from '../../app/context.js';
import type { AttemptKind, AttemptRow } from '../../infra/db/attempt-store.js';
import { GroveError } from '../../shared/errors.js';
import { EXIT_CODES } from '../handle-error.js';
import { requireKnownTasks } from '../known-tasks.js';
import { emitLine } from '../output/emit.js';

function print(json: boolean | undefined, value: unknown, text: string): void {
  emitLine(value, json, () => `${text}\n`);
}

function describeFinish(e: AttemptFinished): string {
  const a = e.attempt;
  return `attempt ${a.id} (${a.task_id} #${a.n}) ${e.outcome}${e.reason ? `: ${e.reason}` : ''}`;
}

function finishJson(e: AttemptFinished): unknown {
  return {
    event: 'finished',
    id: e.attempt.id,
    task: e.attempt.task_id,
    outcome: e.outcome,
    reason: e.reason,
  };
}

function parseKind(value: string): AttemptKind {
  if (!(ATTEMPT_KINDS as readonly string[]).includes(value)) {
    throw new GroveError('USAGE', `--kind must be one of ${ATTEMPT_KINDS.join(', ')}, not "${value}"`);
  }
  return value as AttemptKind;
}

function parseId(value: string): number {
  if (!/^\d+$/.test(value)) throw new GroveError('USAGE', `an attempt id is a number, not "${value}"`);
  return Number(value);
}

function attemptJson(a: AttemptRow): unknown {
  return { ...a, files: attemptFiles(a.log_dir, a.n) };
}

export function register(program: Command): void {
  const attempt = program
    .command('attempt')
    .description(
      'Low-level agent attempts: start one, list, stop, or follow them (plumbing for tests and scripts).',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  grove attempt start add-login --agent scripted --follow\n  grove attempt list --json\n  grove attempt watch',
    );

  attempt
    .command('start <task>')
    .description('Start an agent attempt for a task, detached: it keeps running if grove exits.')
    .option('--agent <name>', "agent to run (default: the task's agent, else config default_agent)")
    .option('--prompt <text>', "the prompt (default: the task file's body)")
    .option('--kind <kind>', `attempt kind: ${ATTEMPT_KINDS.join('|')}`, parseKind, 'initial' as AttemptKind)
    .option('--worktree <path>', "where the agent runs (default: the task's worktree)")
    .option('--follow', 'stay and read its output until it ends; exit 1 unless it completed')
    .option('--json', 'print JSON lines')
    .addHelpText('after', '\nExample:\n  grove attempt start add-login --agent scripted --follow')
    .action(async (taskId: string, opts: StartOptions) => {
      const ctx = await openProject(process.cwd());
      try {
        const spec = ctx.tasks.find((t) => t.id === taskId);
        if (!ctx.store.get(taskId)) {
          if (!spec) {
            throw new GroveError('TASK_NOT_FOUND', `no task "${taskId}"`, {
              hint: `add .grove/tasks/${taskId}.md (grove plan lists the tasks)`,
            });
          }
          ctx.store.upsert(taskId, { title: spec.title });
        }
        const deps = attemptDeps(ctx);
        const monitor = new AttemptMonitor(deps);
        const row = await monitor.start({
          taskId,
          kind: opts.kind,
          agentName: opts.agent ?? spec?.agent ?? ctx.config.default_agent,
          prompt: opts.prompt ?? spec?.body ?? '',
          ...(opts.worktree ? { worktree: resolve(opts.worktree) } : {}),
        });
        print(
          opts.json,
          { event: 'started', ...(attemptJson(row) as object) },
          `started attempt ${row.id} (${taskId} #${row.n}, ${row.agent}) pid ${row.pid}\n  logs: ${attemptFiles(row.log_dir, row.n).stdout}`,
        );
        if (!opts.follow) {
          monitor.close();
          return;
        }
        let last: AttemptFinished | undefined;
        monitor.onFinished((e) => {
          last = e;
          print(opts.json, finishJson(e), describeFinish(e));
        });
        await monitor.idle();
        monitor.close();
        if (last?.outcome !== 'completed') process.exitCode = EXIT_CODES.FAILED;
      } finally {
        ctx.close();
      }
    });

  attempt
    .command('list [task]')
    .description('List agent attempts (all, or one task’s), newest last.')
    .option('--json', 'print a JSON array')
    .addHelpText('after', '\nExample:\n  grove attempt list add-login --json')
    .action(async (taskId: string | undefined, opts: { json?: boolean }) => {
      const ctx = await openProject(process.cwd());
      try {
        if (taskId) requireKnownTasks(ctx, [taskId]);
        const store = attemptDeps(ctx).attempts;
        const taskIds = taskId ? [taskId] : ctx.store.list().map((t) => t.id);
        const attempts = taskIds.flatMap((t) => store.listForTask(t)).sort((a, b) => a.id - b.id);
        if (opts.json) return print(true, attempts.map(attemptJson), '');
        if (attempts.length === 0) return print(false, null, 'no attempts');
        for (const a of attempts) {
          const state = a.ended_at === null ? `running (pid ${a.pid ?? '?'})` : (a.outcome ?? 'ended');
          print(false, null, `${a.id}\t${a.task_id} #${a.n}\t${a.agent}\t${a.kind}\t${state}`);
        }
      } finally {
        ctx.close();
      }
    });

  attempt
    .command('stop <id>')
    .description('Stop an attempt: SIGTERM to its process group, SIGKILL after attempts.kill_grace.')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nExample:\n  grove attempt stop 12')
    .action(async (id: string, opts: { json?: boolean }) => {
      const ctx = await openProject(process.cwd());
      try {
        const e = await stopAttempt(attemptDeps(ctx), parseId(id));
        print(opts.json, finishJson(e), describeFinish(e));
      } finally {
        ctx.close();
      }
    });

  attempt
    .command('watch')
    .description(
      'Pick up every unfinished attempt (after a crash or restart) and follow them until they end.',
    )
    .option('--json', 'print JSON lines')
    .addHelpText('after', '\nExample:\n  grove attempt watch --json')
    .action(async (opts: { json?: boolean }) => {
      const ctx = await openProject(process.cwd());
      try {
        const deps = attemptDeps(ctx);
        const monitor = new AttemptMonitor(deps);
        monitor.onFinished((e) => print(opts.json, finishJson(e), describeFinish(e)));
        const report = reconcile(deps, monitor);
        for (const id of report.neverStarted) {
          print(
            opts.json,
            { event: 'lost', id },
            `attempt ${id} never started (grove stopped before it ran): lost`,
          );
        }
        print(
          opts.json,
          { event: 'adopted', ids: report.adopted },
          `following ${report.adopted.length} attempt(s)${report.adopted.length ? `: ${report.adopted.join(', ')}` : ''}`,
        );
        await monitor.idle();
        monitor.close();
      } finally {
        ctx.close();
      }
    });
}

interface StartOptions {
  agent?: string;
  prompt?: string;
  kind: AttemptKind;
  worktree?: string;
  follow?: boolean;
  json?: boolean;
}
