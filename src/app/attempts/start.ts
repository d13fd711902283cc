import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import type { AttemptKind, AttemptRow } from '../../infra/db/attempt-store.js';
import type { LaunchInput } from '../../infra/agents/adapter.js';
import { getAdapter, resolveAgent } from '../../infra/agents/registry.js';
import { refusedSessionNote } from '../../infra/agents/session-id.js';
import { attemptSandbox } from '../../infra/sandbox/attempt.js';
import { effectiveSandbox } from '../../shared/config-sandbox.js';
import { GroveError } from '../../shared/errors.js';
import type { Executor } from '../executor/types.js';
import type { AttemptDeps } from './deps.js';
import { agentHomeDir, attemptFiles, taskLogDir } from './files.js';

export interface StartAttemptInput {
  taskId: string;
  kind: AttemptKind;
  prompt: string;
  agentName: string;
  resumeSessionId?: string;
  /** Where the agent runs; default the task's worktree. */
  worktree?: string;
  /** More GROVE_* variables (GROVE_PORT, ...) on top of those derived from the task. */
  groveEnv?: Record<string, string>;
  /** A plan-only turn (`agent_plan`): the adapter starts its CLI in its read-only / plan mode. */
  planOnly?: boolean;
  /** Called once the attempt's row exists, before its agent may run (to record what belongs with it). */
  onRecorded?: (row: AttemptRow) => void;
}

/**
 * Starts one agent attempt detached, so that it survives grove. Order matters: the attempt row exists
 * before the process, the wrapper's pid and start time are stored before the agent may run ("go"), so
 * no agent ever runs unrecorded and a crash at any point leaves a state `reconcile` understands.
 */
export async function startAttempt(deps: AttemptDeps, input: StartAttemptInput): Promise<AttemptRow> {
  const task = deps.tasks.require(input.taskId);
  const worktree = input.worktree ?? task.worktree;
  if (!worktree) {
    throw new GroveError('STATE_INVALID', `task "${task.id}" has no worktree to run an agent in`, {
      hint: `spawn the task first (grove spawn ${task.id})`,
    });
  }
  // An id that is not safe on a command line (it would read as a flag, ...) is never resumed: the
  // attempt starts a fresh session and says so in its events. Callers check too (to pick the prompt).
  const asked = input.resumeSessionId || undefined;
  const refused = refusedSessionNote(asked);
  const resumeSessionId = refused === undefined ? asked : undefined;
  // Where it runs; a host that cannot be reached or prepared fails here, before any row or process.
  const { executor, host } = await prepareExecutor(deps, task.id, task.host, worktree);
  const agent = resolveAgent(deps.config, input.agentName);
  const adapter = getAdapter(agent.definition.adapter);
  const homeDir = agentHomeDir(deps.paths.stateDir, task.id, agent.name);
  await mkdir(homeDir, { recursive: true });
  const groveEnv: Record<string, string> = {
    GROVE_TASK_ID: task.id,
    GROVE_WORKTREE: worktree,
    GROVE_REPO_ROOT: deps.paths.mainRoot,
    ...(task.branch ? { GROVE_BRANCH: task.branch } : {}),
    ...(task.port !== null ? { GROVE_PORT: String(task.port) } : {}),
    ...input.groveEnv,
  };
  const launchInput: LaunchInput = {
    agent: agent.definition,
    agentName: agent.name,
    prompt: input.prompt,
    worktree,
    repoRoot: deps.paths.mainRoot,
    ...(resumeSessionId !== undefined ? { resumeSessionId } : {}),
    newSessionId: randomUUID(),
    groveEnv,
    homeDir,
    ...(input.planOnly === true ? { planOnly: true } : {}),
  };
  await adapter.prepareHome?.(launchInput);
  const launch = adapter.buildLaunch(launchInput);
  const env = { ...inheritedEnv(), ...launch.env };
  // Sandboxed: the layer must be here (else a clear error, before any row or process).
  const sandboxSettings = effectiveSandbox(deps.taskSandbox?.(task.id), agent.definition.sandbox);
  const sandbox = sandboxSettings
    ? attemptSandbox({
        settings: sandboxSettings,
        executor: executor.name,
        worktree,
        mainRoot: deps.paths.mainRoot,
        stateDir: deps.paths.stateDir,
        agentHome: homeDir,
        file: launch.file,
        env,
      })
    : undefined;

  const logDir = taskLogDir(deps.paths.stateDir, task.id);
  await mkdir(logDir, { recursive: true });
  const row = deps.attempts.create({
    taskId: task.id,
    kind: input.kind,
    agent: agent.name,
    adapter: adapter.kind,
    ...(resumeSessionId !== undefined ? { sessionId: resumeSessionId } : {}),
    logDir,
    host,
  });
  input.onRecorded?.(row);
  // The attempt's first event (nothing has been read from its output yet, so offset 0 stays 0).
  if (refused !== undefined) deps.attempts.ingest(row.id, 'stderr', 0, [{ kind: 'error', message: refused }]);
  const files = attemptFiles(logDir, row.n);
  // A stop request left by an earlier state database must not stop this attempt (grove's own record;
  // the executor clears the wrapper's files of the same name before it starts).
  await rm(files.stop, { force: true });
  const wrapper = await executor.startWrapper({
    spec: {
      file: launch.file,
      args: launch.args,
      cwd: worktree,
      stdinText: launch.stdin === 'closed' ? null : launch.stdin.text,
      stdoutPath: files.stdout,
      stderrPath: files.stderr,
      exitPath: files.exit,
      segmentBytes: deps.config.attempts.output_cap,
      nice: deps.config.attempts.nice,
      ...(sandbox ? { sandbox } : {}),
    },
    specPath: files.launch,
    env,
    logPath: files.wrapperLog,
  });
  const started = wrapper.processStart;
  try {
    if (started === undefined) throw new Error(`the attempt wrapper (pid ${wrapper.pid}) exited at once`);
    deps.attempts.setProcess(row.id, wrapper.pid, started);
  } catch (cause) {
    wrapper.abort();
    deps.attempts.finish(row.id, { exitCode: null, signal: null, outcome: 'failed' });
    throw new GroveError('INTERNAL', `could not record the agent process for task "${task.id}"`, {
      hint: `see ${files.wrapperLog}`,
      cause,
    });
  }
  wrapper.go();
  return deps.attempts.require(row.id);
}

/**
 * How long after its row is written an attempt may still be without a process: startAttempt stores the
 * pid a moment after the row. One without a process past this was left by a grove that died while
 * starting it; its wrapper never got "go", so it never ran.
 */
const PROCESS_RECORD_GRACE_MS = 30_000;

/** True when `row` has no process and never will (see PROCESS_RECORD_GRACE_MS). */
export function neverGotProcess(row: AttemptRow, now: number): boolean {
  return row.ended_at === null && row.pid === null && now - row.started_at > PROCESS_RECORD_GRACE_MS;
}

/**
 * The executor the attempt runs on, its worktree prepared: the task's host, else (that host cannot be
 * reached and config names a `fallback` for it) the fallback, which the task then runs on from now.
 */
async function prepareExecutor(
  deps: AttemptDeps,
  taskId: string,
  host: string | null,
  worktree: string,
): Promise<{ executor: Executor; host: string | null }> {
  const executor = deps.executorFor(host);
  try {
    await executor.prepareWorktree?.(worktree);
    return { executor, host };
  } catch (error) {
    const fallback = deps.fallbackFor?.(taskId);
    if (!fallback) throw error;
    await fallback.executor.prepareWorktree?.(worktree);
    deps.tasks.patch(taskId, { host: fallback.host });
    return { executor: fallback.executor, host: fallback.host };
  }
}

function inheritedEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  return env;
}
