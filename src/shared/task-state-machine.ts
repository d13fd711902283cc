import type { TaskState } from './task-state.js';
import { TASK_STATES } from './task-state.js';

/**
 * The task lifecycle (ARCHITECTURE.md "Task states"):
 *
 *   planned → ready → running ⇄ paused → verifying → fixing → … → verified → review → queued → integrating → merged → cleaned
 *
 * with `stuck → reassigned → running`, `blocked` (needs a person), `conflict`, `failed` and `abandoned`.
 * Every edge a task may take is listed here, and only here: the app checks each transition with
 * {@link assertTransition} before it writes the event row.
 */
export const TRANSITIONS: Readonly<Record<TaskState, readonly TaskState[]>> = {
  // Dependencies met → ready; a dependency failed or vanished → blocked; `grove spawn` could not make
  // the workspace (its pre_start hook failed) → failed.
  // Work made outside grove (`grove adopt`) goes straight to its gates.
  planned: ['ready', 'verifying', 'blocked', 'failed', 'abandoned'],
  // A dependency was re-opened → back to planned; the workspace could not be made → failed.
  ready: ['running', 'planned', 'blocked', 'failed', 'abandoned'],
  // The attempt ended → verifying; budget or a person → paused; same error / idle → stuck;
  // the agent reported blocked or scope_expansion → blocked; the process failed to start → failed;
  // `grove stop` → ready; a plan-only turn (`agent_plan`) wrote its plan → review (of the plan); a plan
  // turn that changed files → blocked.
  running: ['paused', 'verifying', 'review', 'stuck', 'blocked', 'failed', 'ready', 'abandoned'],
  // `grove resume` continues the same session, or (paused for its budget once its agent had finished)
  // goes back to verifying its work; `grove retry` starts over.
  paused: ['running', 'fixing', 'ready', 'verifying', 'blocked', 'abandoned'],
  // Gates pass → verified; fail → fixing (while iterations remain) or blocked; same fingerprint → stuck.
  verifying: ['verified', 'fixing', 'blocked', 'stuck', 'failed', 'paused', 'abandoned'],
  // The fix attempt ended → verifying again (a plan turn's retry after its agent failed → review).
  fixing: ['verifying', 'review', 'paused', 'stuck', 'blocked', 'failed', 'ready', 'abandoned'],
  // The loop enqueues it (config `review.code: auto`) or hands it to a person (`required`: → review).
  verified: ['queued', 'review', 'fixing', 'blocked', 'abandoned'],
  // Waiting for a person's code review: `grove approve` → queued; `grove request-changes` → ready (the
  // same session resumes with the comments); the branch moved since its gates passed → verifying again.
  // Waiting for a review of the agent's plan (`agent_plan`): approve or request changes → ready (the same
  // session implements, or revises, the plan).
  review: ['queued', 'ready', 'verifying', 'blocked', 'abandoned'],
  // Waiting in the merge queue; a predicted conflict → conflict; the branch moved since it was approved
  // (the approval is void) → verifying, then back to review.
  queued: ['integrating', 'conflict', 'verified', 'verifying', 'blocked', 'abandoned'],
  // Candidate passed → merged; another task in the batch failed → queued again; this task is the culprit
  // → fixing (integration failure) or conflict; fix iterations exhausted → blocked.
  integrating: ['merged', 'queued', 'fixing', 'conflict', 'blocked', 'failed', 'abandoned'],
  merged: ['cleaned'],
  cleaned: [],
  stuck: ['reassigned', 'blocked', 'abandoned'],
  reassigned: ['running', 'blocked', 'abandoned'],
  // A person decides: retry from scratch, resume, re-verify after approve-scope, re-queue, or give up.
  blocked: ['ready', 'running', 'fixing', 'verifying', 'queued', 'abandoned'],
  // The agent rebases/fixes, or the conflict went away (the other branch was rejected).
  conflict: ['fixing', 'queued', 'ready', 'blocked', 'abandoned'],
  failed: ['ready', 'blocked', 'abandoned'],
  abandoned: [],
};

export type TransitionCheck =
  | { kind: 'ok'; from: TaskState; to: TaskState }
  | { kind: 'same'; from: TaskState; to: TaskState; message: string }
  | { kind: 'invalid'; from: TaskState; to: TaskState; allowed: readonly TaskState[]; message: string };

/** True when a task in `from` may move to `to`. A state never "moves" to itself. */
export function canTransition(from: TaskState, to: TaskState): boolean {
  return TRANSITIONS[from].includes(to);
}

/**
 * Checks one transition and says why it is refused. `same` is separate from `invalid` so that callers
 * applying idempotent decisions (a second `pause` of a paused task) can treat it as a no-op.
 */
export function assertTransition(from: TaskState, to: TaskState): TransitionCheck {
  if (from === to) return { kind: 'same', from, to, message: `the task is already ${to}` };
  if (canTransition(from, to)) return { kind: 'ok', from, to };
  const allowed = TRANSITIONS[from];
  const message =
    allowed.length === 0
      ? `a ${from} task does not change state any more (tried ${from} → ${to})`
      : `a ${from} task cannot become ${to}; from ${from} it can become ${allowed.join(', ')}`;
  return { kind: 'invalid', from, to, allowed, message };
}

/** States reachable from `from` by any number of transitions (not including `from` unless on a cycle). */
export function reachableFrom(from: TaskState): Set<TaskState> {
  const seen = new Set<TaskState>();
  const todo: TaskState[] = [...TRANSITIONS[from]];
  for (let s = todo.pop(); s !== undefined; s = todo.pop()) {
    if (seen.has(s)) continue;
    seen.add(s);
    todo.push(...TRANSITIONS[s]);
  }
  return seen;
}

/** States from which `grove retry` (or `grove stop`) can send a task back to ready. */
export const RETRYABLE_STATES: readonly TaskState[] = TASK_STATES.filter(
  (s) => canTransition(s, 'ready') && s !== 'planned',
);
