// Verification after every attempt: the built-in gates (committed, ownership, knowledge-file), then the
// config `gates`, then the task's `accept` commands, in its worktree, in order. Each is recorded as a
// gate run (tail + fingerprint in SQLite, whole output in a log file); the first failure stops the rest
// (they are reported as skipped) unless `all` is set. A task that runs on an SSH host has its command
// gates and acceptance commands run there, in the host's copy of its worktree at the commit verified
// here (gate-place.ts, host-gate.ts); the built-in gates read git facts of the local worktree.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { failureFingerprint } from '../../core/stuck.js';
import { checkHead } from '../../core/verify/head.js';
import { readHead } from '../../infra/git/refs.js';
import { formatCommand, trimOutputTail } from '../../core/prompt.js';
import type { GateRunRow } from '../../infra/db/gate-store.js';
import type { Command, GateDefinition } from '../../shared/config.js';
import { GroveError } from '../../shared/errors.js';
import type { ProjectContext } from '../context.js';
import { resolveBase } from '../workspace/base.js';
import { workspaceEnvForTask } from '../workspace/env.js';
import { builtInGates } from './built-in-gates.js';
import { readLogTail, runCommandGate } from './command-gate.js';
import type { Executor } from '../executor/types.js';
import { hostPlace } from './gate-place.js';
import type { HostPlace } from './gate-place.js';
import { runHostGate } from './host-gate.js';
import { cleanTree, gateEnvKey, treeOfCommit } from './gate-reuse.js';
import { approvedPaths } from './scope-approval.js';

/** What verification decided: the run loop moves the task on from this. */
export type VerifyOutcome =
  | { kind: 'passed'; runs: GateRunRow[] }
  | {
      kind: 'failed';
      gate: string;
      command: string;
      outputTail: string;
      fingerprint: string;
      runs: GateRunRow[];
    }
  | { kind: 'scope-expansion'; paths: string[]; reason: string };

/** Acceptance commands have no timeout of their own in the task spec. */
export const ACCEPT_TIMEOUT_MS = 600_000;

interface GateToRun {
  name: string;
  command: string;
  /** A configured command (its pass on a clean tree can be reused by the merge queue). */
  keyedByTree: boolean;
  /** On a host: the tree it tested is known only after the run (the host says whether its copy was clean). */
  onHost: boolean;
  /** Runs the gate on `commit` (the one being verified), its whole output going to `logPath`. */
  run(logPath: string, commit: string): Promise<GateResult>;
}

interface GateResult {
  ok: boolean;
  exitCode: number | null;
  timedOut: boolean;
  /** A gate on a host: its copy held exactly the commit when it started. */
  clean?: boolean;
}

export interface VerifyOptions {
  attemptId?: number;
  /** Checked before each gate: an aborted verification throws and runs nothing more. */
  signal?: AbortSignal;
  /** Run every gate even after one failed (the outcome still names the first failure). */
  all?: boolean;
  /** Called as each gate finishes (the CLI prints it). */
  onGate?: (run: GateRunRow) => void;
  /** The executor of a named host (default: one per host and project context, see gate-place.ts). */
  executorFor?: (host: string) => Executor;
}

export interface VerifyReport {
  outcome: Exclude<VerifyOutcome, { kind: 'scope-expansion' }>;
  /** Every gate run, in order. */
  runs: GateRunRow[];
  /** Gates not run because an earlier one failed. */
  skipped: Array<{ gate: string; command: string }>;
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
  signal: AbortSignal | undefined,
  host: HostPlace | undefined,
): GateToRun {
  const gate = { name, command: formatCommand(command), keyedByTree: true };
  if (!host) {
    return {
      ...gate,
      onHost: false,
      run: (logPath) =>
        runCommandGate(command, { cwd, env, timeoutMs, logPath, ...(signal ? { signal } : {}) }),
    };
  }
  return {
    ...gate,
    onHost: true,
    run: async (logPath, commit) => {
      const notReady = await host.ready();
      if (notReady !== undefined) {
        writeFileSync(logPath, `${notReady}\n`);
        return { ok: false, exitCode: null, timedOut: false, clean: false };
      }
      return runHostGate(host.executor, command, {
        hostName: host.name,
        cwd: host.cwd,
        commit,
        env: host.env(env),
        timeoutMs,
        logPath,
        ...(signal ? { signal } : {}),
      });
    },
  };
}

/** The environment a task's command gates run in. */
function gateEnv(ctx: ProjectContext, taskId: string): NodeJS.ProcessEnv {
  return { ...process.env, ...workspaceEnvForTask(ctx, taskId) };
}

/** The gates of a task in the order they run. */
async function gatesFor(
  ctx: ProjectContext,
  taskId: string,
  worktree: string,
  signal?: AbortSignal,
  executorFor?: (host: string) => Executor,
): Promise<GateToRun[]> {
  const task = ctx.store.require(taskId);
  const spec = ctx.tasks.find((t) => t.id === taskId);
  const env = gateEnv(ctx, taskId);
  const host = hostPlace(ctx, taskId, worktree, executorFor);
  const base = task.base ?? (await resolveBase(ctx)).name;
  const builtIns = spec
    ? builtInGates(spec, worktree, base, ctx.config.commit_leftovers, approvedPaths(ctx, taskId))
    : [];
  return [
    ...builtIns.map((g): GateToRun => ({
      name: g.name,
      command: g.command,
      keyedByTree: false,
      onHost: false,
      run: async (logPath) => {
        const r = await g.run();
        writeFileSync(logPath, r.ok ? `${r.note}\n` : `${r.output}\n`);
        return { ok: r.ok, exitCode: r.ok ? 0 : 1, timedOut: false };
      },
    })),
    ...Object.entries(ctx.config.gates).map(([name, g]) => {
      const { command, timeout } = gateCommand(g);
      return commandGate(name, command, timeout, worktree, env, signal, host);
    }),
    ...(spec?.accept ?? []).map((c, i) =>
      commandGate(`accept-${i + 1}`, c, ACCEPT_TIMEOUT_MS, worktree, env, signal, host),
    ),
  ];
}

/** Runs the gates and reports each one (the richer form behind `verifyTask` and `grove verify`). */
export async function runGates(
  ctx: ProjectContext,
  taskId: string,
  opts: VerifyOptions = {},
): Promise<VerifyReport> {
  const task = ctx.store.require(taskId);
  if (!task.worktree) {
    throw new GroveError('STATE_INVALID', `task ${taskId} has no worktree to verify`, {
      hint: `give it one first: grove spawn ${taskId}`,
    });
  }
  const list = await gatesFor(ctx, taskId, task.worktree, opts.signal, opts.executorFor);
  const store = ctx.stores.gates;
  const branch = task.branch ?? `grove/${taskId}`;
  const head = checkHead(await readHead(task.worktree), branch);
  if (head.kind === 'wrong') {
    const run = recordHeadFailure(ctx, taskId, opts.attemptId, head.message);
    opts.onGate?.(run.row);
    return { ...run.report, skipped: list.map((g) => ({ gate: g.name, command: g.command })) };
  }
  let verifiedSha = head.sha;
  const logDir = join(ctx.paths.stateDir, 'logs', taskId, 'gates');
  mkdirSync(logDir, { recursive: true });
  const runs: GateRunRow[] = [];
  let failed: Extract<VerifyOutcome, { kind: 'failed' }> | undefined;
  const envKey = gateEnvKey(gateEnv(ctx, taskId));
  for (const [i, gate] of list.entries()) {
    if (failed && !opts.all) {
      return {
        outcome: failed,
        runs,
        skipped: list.slice(i).map((g) => ({ gate: g.name, command: g.command })),
      };
    }
    opts.signal?.throwIfAborted();
    const logPath = join(logDir, `${opts.attemptId ?? 'manual'}-${gate.name}.log`);
    // The tree a command gate tests: checked before each one (an earlier gate may have changed files).
    // On a host, the host's copy is what was tested: its answer says whether it held exactly the commit.
    let tree = gate.keyedByTree && !gate.onHost ? await cleanTree(task.worktree, verifiedSha) : null;
    const started = performance.now();
    const r = await gate.run(logPath, verifiedSha);
    if (gate.keyedByTree && gate.onHost && r.clean === true) {
      tree = await treeOfCommit(task.worktree, verifiedSha);
    }
    // The committed gate may commit the agent's leftovers: the gates after it verify that commit.
    if (gate.name === 'committed' && r.ok) {
      const now = checkHead(await readHead(task.worktree), branch);
      if (now.kind === 'ok') verifiedSha = now.sha;
    }
    // Killed because grove is stopping: not a result, nothing to record (the next run verifies again).
    opts.signal?.throwIfAborted();
    const durationMs = Math.round(performance.now() - started);
    const tail = trimOutputTail(readLogTail(logPath).text);
    const row = store.record({
      task_id: taskId,
      attempt_id: opts.attemptId ?? null,
      gate: gate.name,
      command: gate.command,
      ok: r.ok,
      exit_code: r.exitCode,
      timed_out: r.timedOut,
      duration_ms: durationMs,
      output_tail: tail,
      output_path: logPath,
      fingerprint: r.ok ? null : failureFingerprint(tail, gate.name),
      commit_sha: verifiedSha,
      ...(tree ? { tree_sha: tree, env_key: envKey } : {}),
    });
    runs.push(row);
    opts.onGate?.(row);
    if (!r.ok && !failed) {
      failed = {
        kind: 'failed',
        gate: gate.name,
        command: row.command,
        outputTail: tail,
        fingerprint: row.fingerprint ?? gate.name,
        runs,
      };
    }
  }
  if (failed) return { outcome: failed, runs, skipped: [] };
  const after = checkHead(await readHead(task.worktree), branch);
  if (after.kind === 'wrong' || after.sha !== verifiedSha) {
    // What these gates saw is not known to be the tree: never reuse them.
    store.forgetTrees(runs.filter((r) => r.tree_sha !== null).map((r) => r.id));
    const why =
      after.kind === 'wrong'
        ? after.message
        : `${branch} moved from ${verifiedSha.slice(0, 8)} to ${after.sha.slice(0, 8)} while its gates ran; verify again`;
    const run = recordHeadFailure(ctx, taskId, opts.attemptId, why);
    opts.onGate?.(run.row);
    return {
      outcome: { ...run.report.outcome, runs: [...runs, run.row] },
      runs: [...runs, run.row],
      skipped: [],
    };
  }
  // The one commit the merge queue may build this task from (src/app/queue/round.ts).
  ctx.store.patch(taskId, { verified_commit: verifiedSha });
  return { outcome: { kind: 'passed', runs }, runs, skipped: [] };
}

/** A worktree whose HEAD is not the task's branch fails verification as the `branch` gate. */
function recordHeadFailure(
  ctx: ProjectContext,
  taskId: string,
  attemptId: number | undefined,
  message: string,
): { row: GateRunRow; report: { outcome: Extract<VerifyOutcome, { kind: 'failed' }>; runs: GateRunRow[] } } {
  const row = ctx.stores.gates.record({
    task_id: taskId,
    attempt_id: attemptId ?? null,
    gate: 'branch',
    command: 'git symbolic-ref HEAD',
    ok: false,
    exit_code: 1,
    timed_out: false,
    duration_ms: 0,
    output_tail: message,
    output_path: null,
    fingerprint: 'branch:head',
  });
  const outcome = {
    kind: 'failed' as const,
    gate: 'branch',
    command: row.command,
    outputTail: message,
    fingerprint: 'branch:head',
    runs: [row],
  };
  return { row, report: { outcome, runs: [row] } };
}

/** The run loop's verifier: the gates of one attempt, stopping at the first failure. */
export async function verifyTask(
  ctx: ProjectContext,
  taskId: string,
  opts: { attemptId?: number; signal?: AbortSignal } = {},
): Promise<VerifyOutcome> {
  return (await runGates(ctx, taskId, opts)).outcome;
}
