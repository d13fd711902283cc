// Verification after every attempt: the built-in gates (committed, ownership, knowledge-file), then the
// config `gates`, then the task's `accept` commands, in its worktree, in order. Each is recorded as a
// gate run (tail + fingerprint in SQLite, whole output in a log file); the first failure stops the rest.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { failureFingerprint } from '../../core/stuck.js';
import { formatCommand, trimOutputTail } from '../../core/prompt.js';
import type { GateRunRow } from '../../infra/db/gate-store.js';
import { GateStore } from '../../infra/db/gate-store.js';
import { run } from '../../infra/process/run.js';
import type { Command, GateDefinition } from '../../shared/config.js';
import { GroveError } from '../../shared/errors.js';
import type { ProjectContext } from '../context.js';
import type { VerifyOutcome } from '../run/ports.js';
import { resolveBase } from '../workspace/base.js';
import { workspaceEnvForTask } from '../workspace/env.js';
import { builtInGates } from './built-in-gates.js';
import { approvedPaths } from './scope-approval.js';

interface GateToRun {
  name: string;
  command: string;
  run(): Promise<{ ok: boolean; output: string; exitCode: number | null; timedOut: boolean }>;
}

function gateCommand(g: GateDefinition): { command: Command; timeout: number } {
  if (typeof g === 'string' || Array.isArray(g)) return { command: g, timeout: 600_000 };
  return { command: g.run, timeout: g.timeout };
}

function commandGate(
  name: string,
  command: Command,
  timeoutMs: number,
  cwd: string,
  env: NodeJS.ProcessEnv,
): GateToRun {
  return {
    name,
    command: formatCommand(command),
    async run() {
      const [file, ...args] = typeof command === 'string' ? ['sh', '-c', command] : [...command];
      const r = await run(file!, args, { cwd, env, timeoutMs, maxBuffer: 8 << 20 }).catch((e: Error) => ({
        code: 127,
        signal: null,
        stdout: '',
        stderr: `cannot run ${file}: ${e.message}\n`,
        timedOut: false,
      }));
      const output = `${r.stdout}${r.stderr}${r.timedOut ? `\n(killed after ${timeoutMs} ms)\n` : ''}`;
      return { ok: r.code === 0 && !r.timedOut, output, exitCode: r.code, timedOut: r.timedOut };
    },
  };
}

export async function verifyTask(
  ctx: ProjectContext,
  taskId: string,
  opts: { attemptId?: number } = {},
): Promise<VerifyOutcome> {
  const task = ctx.store.require(taskId);
  if (!task.worktree) throw new GroveError('STATE_INVALID', `task ${taskId} has no worktree to verify`);
  const spec = ctx.tasks.find((t) => t.id === taskId);
  const gates = new GateStore(ctx.db, ctx.now);
  const env = { ...process.env, ...workspaceEnvForTask(ctx, taskId) };
  const base = task.base ?? (await resolveBase(ctx)).name;
  const worktree = task.worktree;
  const list: GateToRun[] = [
    ...(spec
      ? builtInGates(spec, worktree, base, ctx.config.commit_leftovers, approvedPaths(ctx, taskId))
      : []
    ).map((g): GateToRun => ({
      name: g.name,
      command: g.command,
      run: async () => {
        const r = await g.run();
        return {
          ok: r.ok,
          output: r.ok ? `${r.note}\n` : `${r.output}\n`,
          exitCode: r.ok ? 0 : 1,
          timedOut: false,
        };
      },
    })),
    ...Object.entries(ctx.config.gates).map(([name, g]) => {
      const { command, timeout } = gateCommand(g);
      return commandGate(name, command, timeout, worktree, env);
    }),
    ...(spec?.accept ?? []).map((c, i) => commandGate(`accept-${i + 1}`, c, 600_000, worktree, env)),
  ];
  const logDir = join(ctx.paths.stateDir, 'logs', taskId, 'gates');
  mkdirSync(logDir, { recursive: true });
  const runs: GateRunRow[] = [];
  for (const gate of list) {
    const started = Date.now();
    const r = await gate.run();
    const outputPath = join(logDir, `${opts.attemptId ?? 'manual'}-${gate.name}.log`);
    writeFileSync(outputPath, r.output);
    const tail = trimOutputTail(r.output);
    const row = gates.record({
      task_id: taskId,
      attempt_id: opts.attemptId ?? null,
      gate: gate.name,
      command: gate.command,
      ok: r.ok,
      exit_code: r.exitCode,
      timed_out: r.timedOut,
      duration_ms: Date.now() - started,
      output_tail: tail,
      output_path: outputPath,
      fingerprint: r.ok ? null : failureFingerprint(r.output, gate.name),
    });
    runs.push(row);
    if (!r.ok) {
      return {
        kind: 'failed',
        gate: gate.name,
        command: row.command,
        outputTail: tail,
        fingerprint: row.fingerprint ?? gate.name,
        runs,
      };
    }
  }
  return { kind: 'passed', runs };
}
