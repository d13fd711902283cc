// The fix loop, applied: records a queue failure as a gate run, asks the pure send-back policy
// (src/core/scheduler/send-back.ts) what to do, then moves the task and resumes the SAME agent session
// with the failure, or tells the lead that the task waits for a person.
import { assertTransition } from '../../shared/task-state-machine.js';
import { buildFixPrompt } from '../../core/prompt.js';
import type { SendBackFailure } from '../../core/scheduler/index.js';
import { decideSendBack } from '../../core/scheduler/index.js';
import type { TaskState } from '../../shared/task-state.js';
import { GroveError } from '../../shared/errors.js';
import { refusedSessionNote, safeSessionId } from '../../infra/agents/session-id.js';
import type { ProjectContext } from '../context.js';
import { createNotifier } from './notify.js';
import { conflictPrompt, freshSessionPrompt, noteAfterCatchUp } from './prompts.js';
import { unresolvedConflict } from './open-conflict.js';
import type { RunRuntime } from './runtime.js';
import { createRuntime } from './runtime.js';
import { lineage, sendBacks } from './snapshot.js';
import { startTaskAttempt } from './start-task.js';
import { defaultPorts } from './ports.js';

export type { SendBackFailure };

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

/** What the caller already knows: the prompt to give (a queue culprit's, catch-up.ts) and a note for the cause. */
export interface SendBackOptions {
  prompt?: string;
  note?: string;
}

export async function sendBack(
  rt: RunRuntime,
  taskId: string,
  failure: SendBackFailure,
  options: SendBackOptions = {},
): Promise<void> {
  rt.starting.add(taskId);
  try {
    await sendBackUnguarded(rt, taskId, failure, options);
  } finally {
    rt.starting.delete(taskId);
  }
}

async function sendBackUnguarded(
  rt: RunRuntime,
  taskId: string,
  failure: SendBackFailure,
  options: SendBackOptions,
): Promise<void> {
  const task = rt.stores.tasks.require(taskId);
  recordQueueFailure(rt, taskId, failure);
  const since = lineage(rt.stores.attempts.listForTask(taskId))[0]?.started_at ?? 0;
  const history = rt.stores.tasks.stateHistory(taskId);
  const openConflict = failure.source === 'gate' ? unresolvedConflict(rt, taskId, history) : undefined;
  const decision = decideSendBack({
    taskId,
    failure,
    counts: sendBacks(rt, taskId, since),
    maxIterations: rt.ctx.config.fix.max_iterations,
    ...(openConflict ? { openConflict } : {}),
  });
  // A stored id unsafe on a command line (an older grove recorded ids unchecked): a fresh session.
  const refused = decision.kind === 'block' ? undefined : refusedSessionNote(task.session_id);
  const cause = [decision.cause, options.note, refused].filter((c) => c !== undefined).join('; ');
  move(rt, taskId, decision.to, cause, {
    ...decision.data,
    ...(refused ? { sessionRefused: refused } : {}),
  });
  if (decision.kind === 'block') {
    rt.notifier.notify(decision.notify);
    return;
  }
  const prompt =
    options.prompt ??
    (failure.source === 'conflict'
      ? conflictPrompt(rt, taskId, failure.files, failure.base)
      : buildFixPrompt({
          gate: failure.gate,
          command: failure.command,
          output: failure.outputTail,
          iteration: decision.iteration,
          maxIterations: decision.maxIterations,
          ...(openConflict ? { note: unresolvedNote(openConflict) } : noteAfterCatchUp(rt, taskId, history)),
        }));
  const session = safeSessionId(rt.stores.tasks.require(taskId).session_id);
  await startTaskAttempt(rt, {
    taskId,
    kind: 'fix',
    agent: task.agent ?? rt.ctx.config.default_agent,
    prompt: session ? prompt : freshSessionPrompt(rt, taskId, prompt),
    ...(session ? { resumeSessionId: session } : {}),
  });
  rt.wake();
}

/** The fix prompt's note while the queue's conflict is still in the worktree. */
function unresolvedNote(c: { base: string; files: readonly string[] }): string {
  return `This is still the conflict with \`${c.base}\` the merge queue sent back (in ${c.files.map((f) => `\`${f}\``).join(', ')}): edit each file to its resolved content with no conflict markers left, \`git add\` it, and finish the merge (\`git commit --no-edit\`) or rebase (\`git rebase --continue\`).`;
}

/**
 * A runtime for callers outside the run loop (`grove integrate` without `grove run`): attempts it
 * starts are left running detached; the next `grove run`/`up` follows them.
 */
export async function withDetachedRuntime<T>(
  ctx: ProjectContext,
  use: (rt: RunRuntime) => Promise<T>,
): Promise<T> {
  const store = ctx.stores.notifications;
  const notifier = createNotifier(store, ctx.config, ctx.paths.mainRoot, () => undefined);
  const rt = createRuntime(ctx, notifier, defaultPorts, () => undefined);
  try {
    return await use(rt);
  } finally {
    rt.monitor.close();
    await notifier.flush();
  }
}
