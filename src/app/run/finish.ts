// When an agent attempt ends: read its result contract, then hand the task to the gates (verifying),
// or to a person (the agent reported blocked or asked for more files), or record the agent's own
// failure as a failed `agent` gate run so the fix loop and stuck detection see it.
import type { AttemptRow } from '../../infra/db/attempt-store.js';
import { parseAgentResult } from '../../core/agent-result.js';
import { trimOutputTail } from '../../core/prompt.js';
import { failureFingerprint } from '../../core/stuck.js';
import type { AgentResult } from '../../shared/agent-event.js';
import { ACTIVE_STATES } from '../../shared/task-state.js';
import { finishPlanTurn, planTurnUnchecked } from './agent-plan.js';
import type { RunRuntime } from './runtime.js';

export interface FinishedAttempt {
  attempt: AttemptRow;
  outcome: string;
  reason: string | undefined;
}

/** The agent's final text: the `finished` event's result, else its last assistant message. */
function finalText(rt: RunRuntime, attempt: AttemptRow): string | undefined {
  const finished = rt.stores.agentEvents.latestOfKind(attempt.id, 'finished')?.event;
  if (finished?.kind === 'finished' && finished.result) return finished.result;
  const message = rt.stores.agentEvents.latestOfKind(attempt.id, 'message')?.event;
  return message?.kind === 'message' ? message.text : undefined;
}

export function agentFailed(rt: RunRuntime, attempt: AttemptRow, reason: string): void {
  const taskId = attempt.task_id;
  const from = rt.stores.tasks.require(taskId).state;
  const fingerprint = failureFingerprint(reason, 'agent');
  rt.stores.tasks.transition(taskId, 'verifying', `agent failed: ${reason.slice(0, 200)}`, {
    expectFrom: [from],
    data: { attemptId: attempt.id, agentFailed: true },
  });
  const row = rt.stores.gates.record({
    task_id: taskId,
    attempt_id: attempt.id,
    gate: 'agent',
    command: attempt.agent,
    ok: false,
    exit_code: attempt.exit_code,
    timed_out: attempt.outcome === 'timeout',
    duration_ms: (attempt.ended_at ?? rt.ctx.now()) - attempt.started_at,
    output_tail: trimOutputTail(reason),
    output_path: null,
    fingerprint,
  });
  rt.gateOutcomes.set(taskId, {
    attemptId: attempt.id,
    outcome: {
      kind: 'failed',
      gate: 'agent',
      command: attempt.agent,
      outputTail: row.output_tail,
      fingerprint,
      runs: [row],
    },
  });
}

function needsPerson(rt: RunRuntime, taskId: string, from: string, result: AgentResult): void {
  const scope = result.status === 'scope_expansion';
  const paths = result.paths ?? [];
  const cause = scope
    ? `the agent asks for more files: ${paths.join(', ') || '(none named)'}`
    : `the agent is blocked: ${result.summary}`;
  rt.stores.tasks.transition(taskId, 'blocked', cause, {
    expectFrom: [from as 'running'],
    data: scope
      ? { kind: 'scope-expansion', paths, reason: result.reason ?? result.summary }
      : { kind: 'agent-blocked', summary: result.summary },
  });
  rt.notifier.notify({
    kind: 'blocked',
    taskId,
    message: scope
      ? `${taskId} needs files outside its scope (${paths.join(', ')}): ${result.reason ?? result.summary}; approve with \`grove approve-scope ${taskId}\``
      : `${taskId} is blocked: ${result.summary}; \`grove retry ${taskId}\` or \`grove abandon ${taskId}\` when you have looked`,
  });
}

/** Called once per ended attempt (live, or found ended after a restart). */
export function handleFinished(rt: RunRuntime, e: FinishedAttempt): void {
  const { attempt } = e;
  if (rt.handledAttempts.has(attempt.id)) return;
  rt.handledAttempts.add(attempt.id);
  const task = rt.stores.tasks.get(attempt.task_id);
  const latest = rt.stores.attempts.latestForTask(attempt.task_id);
  // Paused, stopped, abandoned, or superseded by a newer attempt: nothing to verify.
  if (!task || latest?.id !== attempt.id) return;
  if (!ACTIVE_STATES.includes(task.state)) return;
  if (e.outcome !== 'completed') {
    agentFailed(rt, attempt, e.reason ?? `the attempt ended: ${e.outcome}`);
    rt.wake();
    return;
  }
  const planTurn = rt.stores.agentPlans.forAttempt(attempt.id);
  if (planTurn) {
    // The worktree check runs git: tracked with the verifications, so stopping the loop waits for it.
    const done = finishPlanTurn(rt, attempt, planTurn)
      .then((end) => {
        if (end.kind === 'no-plan') agentFailed(rt, attempt, 'the plan-only turn ended without a plan');
        if (end.kind === 'gone') planTurnUnchecked(rt, attempt, 'it has no worktree');
      })
      .catch((error: unknown) => planTurnUnchecked(rt, attempt, (error as Error).message))
      .finally(() => {
        rt.verifications.delete(done);
        rt.wake();
      });
    rt.verifications.add(done);
    return;
  }
  const parsed = parseAgentResult(finalText(rt, attempt));
  if (parsed.kind === 'ok' && parsed.result.status !== 'completed') {
    needsPerson(rt, task.id, task.state, parsed.result);
    rt.wake();
    return;
  }
  const summary =
    parsed.kind === 'ok'
      ? parsed.result.summary
      : parsed.kind === 'missing'
        ? 'no result block'
        : parsed.error;
  rt.stores.tasks.transition(task.id, 'verifying', `agent finished: ${summary.slice(0, 300)}`, {
    expectFrom: [task.state],
    data: { attemptId: attempt.id, result: parsed.kind },
  });
  rt.wake();
}
