// A minimal verifier used until src/app/verify lands: runs the config gates and the task's `accept`
// commands in its worktree, in order, records each as a gate run and stops at the first failure.
import type { GateRunRow } from '../../infra/db/gate-store.js';
import { GateStore } from '../../infra/db/gate-store.js';
import { run } from '../../infra/process/run.js';
import type { Command, GateDefinition } from '../../shared/config.js';
import { GroveError } from '../../shared/errors.js';
import { failureFingerprint } from '../../core/stuck.js';
import { formatCommand, trimOutputTail } from '../../core/prompt.js';
import type { ProjectContext } from '../context.js';
import type { VerifyOutcome } from './ports.js';

function gateCommand(g: GateDefinition): { command: Command; timeout: number } {
  if (typeof g === 'string' || Array.isArray(g)) return { command: g, timeout: 600_000 };
  return { command: g.run, timeout: g.timeout };
}

export async function standInVerifyTask(
  ctx: ProjectContext,
  taskId: string,
  opts: { attemptId?: number } = {},
): Promise<VerifyOutcome> {
  const task = ctx.store.require(taskId);
  if (!task.worktree) throw new GroveError('STATE_INVALID', `task ${taskId} has no worktree to verify`);
  const gates = new GateStore(ctx.db, ctx.now);
  const spec = ctx.tasks.find((t) => t.id === taskId);
  const list: Array<{ name: string; command: Command; timeout: number }> = [
    ...Object.entries(ctx.config.gates).map(([name, g]) => ({ name, ...gateCommand(g) })),
    ...(spec?.accept ?? []).map((c, i) => ({ name: `accept-${i + 1}`, command: c, timeout: 600_000 })),
  ];
  const runs: GateRunRow[] = [];
  for (const gate of list) {
    const started = Date.now();
    const [file, ...args] = typeof gate.command === 'string' ? ['sh', '-c', gate.command] : [...gate.command];
    const r = await run(file!, args, { cwd: task.worktree, timeoutMs: gate.timeout, maxBuffer: 1 << 20 });
    const output = `${r.stdout}${r.stderr}`;
    const ok = r.code === 0 && !r.timedOut;
    const tail = trimOutputTail(output);
    const row = gates.record({
      task_id: taskId,
      attempt_id: opts.attemptId ?? null,
      gate: gate.name,
      command: formatCommand(gate.command),
      ok,
      exit_code: r.code,
      timed_out: r.timedOut,
      duration_ms: Date.now() - started,
      output_tail: tail,
      output_path: null,
      fingerprint: ok ? null : failureFingerprint(output, gate.name),
    });
    runs.push(row);
    if (!ok) {
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
