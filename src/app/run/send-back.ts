// The fix loop: a failure (a gate, the merge queue's test, a conflict) goes back to the SAME agent
// session while iterations remain; then the task waits for a person (blocked, or conflict).
import { assertTransition } from '../../shared/task-state-machine.js';
import { buildFixPrompt } from '../../core/prompt.js';
import type { TaskState } from '../../shared/task-state.js';
import { GroveError } from '../../shared/errors.js';
import type { ProjectContext } from '../context.js';
import { createNotifier } from './notify.js';
import { conflictPrompt, initialPrompt } from './prompts.js';
import type { RunRuntime } from './runtime.js';
import { createRuntime } from './runtime.js';
import { lineage, sendBacks } from './snapshot.js';
import { startTaskAttempt } from './start-task.js';
import { defaultPorts } from './ports.js';

export type SendBackFailure =
  | { source: 'gate' | 'queue'; gate: string; command: string; outputTail: string; fingerprint: string }
  | { source: 'conflict'; files: string[]; base: string };

function move(
  rt: RunRuntime,
  taskId: string,
  to: TaskState,
  cause: string,
  data: Record<string, unknown>,
): void {
  const from = rt.stores.tasks.require(taskId).state;
  const check = assertTransition(from, to);
  if (check.kind !== 'ok') {
    throw new GroveError('STATE_INVALID', `cannot send ${taskId} back to its agent: ${check.message}`);
  }
  if (rt.stores.tasks.transition(taskId, to, cause, { expectFrom: [from], data }) !== 'moved') {
    throw new GroveError('STATE_INVALID', `${taskId} changed state while being sent back to its agent`);
  }
}

/** Queue failures are gate runs too (gates `queue` and `merge`), recorded once. */
function recordQueueFailure(rt: RunRuntime, taskId: string, failure: SendBackFailure): void {
  if (failure.source === 'gate') return;
  const gate = failure.source === 'conflict' ? 'merge' : failure.gate;
  const fingerprint =
    failure.source === 'conflict' ? `merge:${[...failure.files].sort().join(',')}` : failure.fingerprint;
  const last = rt.stores.gates.listForTask(taskId).at(-1);
  if (last && !last.ok && last.gate === gate) return;
  rt.stores.gates.record({
    task_id: taskId,
    attempt_id: rt.stores.attempts.latestForTask(taskId)?.id ?? null,
    gate,
    command: failure.source === 'conflict' ? `merge onto ${failure.base}` : failure.command,
    ok: false,
    exit_code: null,
    timed_out: false,
    duration_ms: 0,
    output_tail:
      failure.source === 'conflict' ? `conflicts in: ${failure.files.join(', ')}` : failure.outputTail,
    output_path: null,
    fingerprint,
  });
}

export async function sendBack(rt: RunRuntime, taskId: string, failure: SendBackFailure): Promise<void> {
  rt.starting.add(taskId);
  try {
    await sendBackUnguarded(rt, taskId, failure);
  } finally {
    rt.starting.delete(taskId);
  }
}

async function sendBackUnguarded(rt: RunRuntime, taskId: string, failure: SendBackFailure): Promise<void> {
  const task = rt.stores.tasks.require(taskId);
  recordQueueFailure(rt, taskId, failure);
  const since = lineage(rt.stores.attempts.listForTask(taskId))[0]?.started_at ?? 0;
  const counts = sendBacks(rt, taskId, since);
  const max = rt.ctx.config.fix.max_iterations;
  const agent = task.agent ?? rt.ctx.config.default_agent;
  let prompt: string;
  if (failure.source === 'conflict') {
    if (counts.conflicts >= max) {
      move(rt, taskId, 'conflict', `conflicts with ${failure.base} after ${counts.conflicts} tries`, {
        kind: 'conflict',
        files: failure.files,
        base: failure.base,
      });
      rt.notifier.notify({
        kind: 'blocked',
        taskId,
        message: `${taskId} conflicts with ${failure.base} in ${failure.files.join(', ')}; resolve it on grove/${taskId}, then \`grove retry ${taskId}\``,
      });
      return;
    }
    move(rt, taskId, 'fixing', `conflict with ${failure.base}: sent back to the agent`, {
      kind: 'conflict',
      files: failure.files,
      base: failure.base,
      iteration: counts.conflicts + 1,
    });
    prompt = conflictPrompt(failure.files, failure.base);
  } else {
    if (counts.fixes >= max) {
      move(rt, taskId, 'blocked', `${failure.gate} still fails after ${counts.fixes} fix iteration(s)`, {
        kind: 'fix-iterations-exhausted',
        gate: failure.gate,
        fingerprint: failure.fingerprint,
      });
      rt.notifier.notify({
        kind: 'blocked',
        taskId,
        message: `${taskId} is blocked: ${failure.gate} still fails after ${counts.fixes} fix iteration(s); see \`grove status ${taskId}\``,
      });
      return;
    }
    const iteration = counts.fixes + 1;
    move(rt, taskId, 'fixing', `${failure.gate} failed: fix ${iteration} of ${max}`, {
      kind: 'fix',
      source: failure.source,
      gate: failure.gate,
      fingerprint: failure.fingerprint,
      iteration,
    });
    prompt = buildFixPrompt({
      gate: failure.gate,
      command: failure.command,
      output: failure.outputTail,
      iteration,
      maxIterations: max,
    });
  }
  const session = rt.stores.tasks.require(taskId).session_id;
  await startTaskAttempt(rt, {
    taskId,
    kind: 'fix',
    agent,
    prompt: session ? prompt : `${initialPrompt(rt, taskId)}\n${prompt}`,
    ...(session ? { resumeSessionId: session } : {}),
  });
  rt.wake();
}

/**
 * For callers outside the run loop (the merge queue without `grove run`): sends the failure back and
 * leaves the new attempt running detached; the next `grove run`/`up` follows it.
 */
export async function sendBackToAgent(
  ctx: ProjectContext,
  taskId: string,
  failure: SendBackFailure,
): Promise<void> {
  const store = ctx.stores.notifications;
  const notifier = createNotifier(store, ctx.config, ctx.paths.mainRoot, () => undefined);
  const rt = createRuntime(ctx, notifier, defaultPorts, () => undefined);
  try {
    await sendBack(rt, taskId, failure);
  } finally {
    rt.monitor.close();
    await notifier.flush();
  }
}
