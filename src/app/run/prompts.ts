// The prompts the loop gives agents, from the task spec and what happened so far (core/prompt.ts).
import {
  buildImplementPrompt,
  buildPlanRevisionPrompt,
  buildPlanTurnPrompt,
  withApprovedPlan,
} from '../../core/agent-plan/index.js';
import type { AttemptKind } from '../../infra/db/attempt-store.js';
import type { FailureNote, PromptGate, PromptTask } from '../../core/prompt.js';
import { buildReassignPrompt, buildTaskPrompt, RESULT_CONTRACT, withTaskPrompt } from '../../core/prompt.js';
import { consecutiveRepeats } from '../../core/stuck.js';
import type { GateDefinition } from '../../shared/config.js';
import { GroveError } from '../../shared/errors.js';
import { buildConflictPrompt, catchUpNote } from '../../core/queue-prompt.js';
import { taskRef } from './task-ref.js';
import type { StateMove } from './open-conflict.js';
import { lastSendBack, strings } from './open-conflict.js';
import type { RunRuntime } from './runtime.js';
import { approvedPlan, planTurnNext } from './agent-plan.js';

export function promptGates(rt: RunRuntime): PromptGate[] {
  return Object.entries(rt.ctx.config.gates).map(([name, g]: [string, GateDefinition]) => ({
    name,
    command: typeof g === 'string' || Array.isArray(g) ? g : g.run,
  }));
}

export function promptTask(rt: RunRuntime, taskId: string): PromptTask {
  const spec = rt.ctx.tasks.find((t) => t.id === taskId);
  if (!spec) {
    throw new GroveError('TASK_NOT_FOUND', `task ${taskId} has no file in .grove/tasks`, {
      hint: 'restore the task file, or `grove abandon` the task',
    });
  }
  return spec;
}

export function initialPrompt(rt: RunRuntime, taskId: string): string {
  return buildTaskPrompt({ task: promptTask(rt, taskId), gates: promptGates(rt) });
}

/** A follow-up for an agent with no session to resume: the task, then the follow-up. */
export function freshSessionPrompt(rt: RunRuntime, taskId: string, followUp: string): string {
  return withTaskPrompt(initialPrompt(rt, taskId), followUp);
}

/** A fresh session after the task got stuck (or a person reassigned it): what failed before. */
export function reassignPrompt(rt: RunRuntime, taskId: string, previousAgent: string | undefined): string {
  const runs = rt.stores.gates.listForTask(taskId).filter((g) => !g.ok);
  const fingerprints = runs.map((g) => g.fingerprint ?? g.gate);
  const last = runs[runs.length - 1];
  const failures: FailureNote[] = last
    ? [
        {
          what: last.gate === 'agent' ? 'the agent itself' : `gate ${last.gate} (\`${last.command}\`)`,
          detail: last.output_tail,
          times: consecutiveRepeats(fingerprints),
        },
      ]
    : [];
  const tried = rt.stores.journal
    .forTask(taskId, ['state'])
    .map((r) => r.data.cause)
    .filter((cause) => cause.startsWith('agent finished:'))
    .map((cause) => cause.slice('agent finished: '.length))
    .slice(-5);
  return buildReassignPrompt({
    task: promptTask(rt, taskId),
    gates: promptGates(rt),
    failures,
    ...(previousAgent ? { previousAgent } : {}),
    tried,
  });
}

/** Continues a paused session. */
export function resumePrompt(reason: string): string {
  return [
    `You were paused (${reason}) and may continue now.`,
    'Carry on from where you stopped: finish the task, run the checks, and commit.',
    '',
    RESULT_CONTRACT,
    '',
  ].join('\n');
}

/** The fix prompt's note when the gates failed right after grove merged the base in (catch-up.ts). */
export function noteAfterCatchUp(
  rt: RunRuntime,
  taskId: string,
  history: readonly StateMove[],
): { note?: string } {
  const h = lastSendBack(history);
  if (h?.kind !== 'catch-up') return {};
  const base = typeof h['base'] === 'string' ? h['base'] : 'the base';
  const failure =
    h.source === 'queue'
      ? {
          kind: 'test-failed' as const,
          command: typeof h['command'] === 'string' ? h['command'] : 'the queue test',
          output: typeof h['outputTail'] === 'string' ? h['outputTail'] : '',
        }
      : { kind: 'conflict' as const };
  return {
    note: catchUpNote({
      base,
      self: taskRef(rt.ctx, taskId),
      landed: strings(h['landed']).map((id) => taskRef(rt.ctx, id)),
      commit: typeof h['commit'] === 'string' ? h['commit'] : '',
      failure,
    }),
  };
}

/** A conflict sent back without the catch-up's prompt: the agent merges the base itself. */
export function conflictPrompt(
  rt: RunRuntime,
  taskId: string,
  files: readonly string[],
  base: string,
): string {
  return buildConflictPrompt({
    base,
    self: taskRef(rt.ctx, taskId),
    landed: [],
    files,
    state: { kind: 'untouched', why: 'it did not try to bring the base in' },
  });
}

/** The plan review's message as the revision prompt (its round among the plan's reviews). */
function planChangesPrompt(rt: RunRuntime, taskId: string, reviewId: number): string | undefined {
  const review = rt.stores.reviews.get(reviewId);
  if (review?.task_id !== taskId || review.subject !== 'plan') return undefined;
  const round = rt.stores.reviews
    .listForTask(taskId)
    .filter((r) => r.subject === 'plan' && r.verdict === 'changes-requested' && r.id <= reviewId).length;
  return buildPlanRevisionPrompt({ message: review.message, round });
}

export interface PlanPromptAt {
  kind: AttemptKind;
  /** The attempt continues the agent's session. */
  resume: boolean;
  planReview: { reviewId: number; approved: boolean } | undefined;
  previousAgent?: string | undefined;
}

/**
 * The prompt of a task with an agent plan (`agent_plan`), or undefined when the usual one applies.
 * Before its plan is approved: a fresh session gets the task as a plan-only turn; the same session,
 * after a person asked for changes to its plan, the revision (a resumed pause: the usual prompt, made
 * plan-only by startTaskAttempt). Once approved: the same session is told to implement its plan; a
 * fresh one (retry, reassignment) gets the task with the approved plan.
 */
export function agentPlanPrompt(rt: RunRuntime, taskId: string, at: PlanPromptAt): string | undefined {
  const fresh = (): string =>
    at.kind === 'reassign' ? reassignPrompt(rt, taskId, at.previousAgent) : initialPrompt(rt, taskId);
  if (planTurnNext(rt.ctx, taskId)) {
    const changes =
      at.planReview?.approved === false ? planChangesPrompt(rt, taskId, at.planReview.reviewId) : undefined;
    if (at.resume) return changes;
    return `${buildPlanTurnPrompt(fresh())}${changes ? `\n${changes}` : ''}`;
  }
  const plan = approvedPlan(rt.stores, taskId);
  if (plan === undefined) return undefined;
  if (at.resume) {
    if (at.planReview?.approved !== true) return undefined;
    const review = rt.stores.reviews.get(at.planReview.reviewId);
    return buildImplementPrompt({ ...(review ? { message: review.message } : {}) });
  }
  return at.kind === 'initial' || at.kind === 'retry' || at.kind === 'reassign'
    ? withApprovedPlan(fresh(), plan)
    : undefined;
}
