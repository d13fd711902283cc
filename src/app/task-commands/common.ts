// The steps the task commands share: refuse, find the live attempt, move the task, stop the agent.
import type { StopReason } from '../attempts/tracked.js';
import { attemptDeps } from '../attempts/deps.js';
import { stopAttempt } from '../attempts/stop.js';
import type { TaskRow } from '../../infra/db/task-store.js';
import type { TaskState } from '../../shared/task-state.js';
import { SCHEDULER_LOCK } from '../run/scheduler-lock.js';
import type { TaskCommandDeps } from './deps.js';
import type { CommandDone, CommandDoor, CommandRefused, TaskCommandAction } from './result.js';

const WHAT: Record<TaskCommandAction, string> = {
  pause: 'nothing to pause',
  resume: 'nothing to resume',
  stop: 'nothing to stop',
  retry: 'nothing to retry',
  reassign: 'nothing to reassign',
  abandon: 'nothing to abandon',
  'approve-scope': 'no scope to approve',
  enqueue: 'it cannot join the merge queue',
  approve: 'it does not wait for a review',
  'request-changes': 'it does not wait for a review',
  discard: 'it does not wait for a review',
};

export function wrongState(task: TaskRow, action: TaskCommandAction, allowed: string): CommandRefused {
  return {
    kind: 'refused',
    code: 'STATE_INVALID',
    message: `task ${task.id} is ${task.state}; ${WHAT[action]}`,
    hint: `\`grove ${action}\` applies to ${allowed} tasks (see \`grove status ${task.id}\`)`,
  };
}

export function raced(taskId: string): CommandRefused {
  return {
    kind: 'refused',
    code: 'STATE_INVALID',
    message: `task ${taskId} changed state meanwhile; nothing was done`,
    hint: `look again with \`grove status ${taskId}\``,
  };
}

/** Who carries on after a lead command: the running scheduler, or the next `grove run`. */
export function whoCarriesOn(deps: Pick<TaskCommandDeps, 'stores'>): string {
  const holder = deps.stores.locks.holder(SCHEDULER_LOCK);
  return holder
    ? `the running scheduler (${holder.info ?? 'grove'}, pid ${holder.pid}) carries on`
    : 'no scheduler is running: `grove run` (or `grove up`) carries on';
}

/**
 * The task's live attempt, read BEFORE the task is moved: once it is `ready` again the loop may start a
 * fresh attempt at once, and that one must not be the one stopped.
 */
export function liveAttempt(deps: TaskCommandDeps, taskId: string): number | undefined {
  const latest = deps.stores.attempts.latestForTask(taskId);
  return latest && latest.ended_at === null ? latest.id : undefined;
}

export async function stopLive(
  deps: TaskCommandDeps,
  attemptId: number | undefined,
  reason: StopReason,
): Promise<boolean> {
  if (attemptId === undefined) return false;
  if (deps.stopAttempt) await deps.stopAttempt(attemptId, reason);
  else await stopAttempt(attemptDeps(deps), attemptId, reason);
  return true;
}

/** Moves the task if it is still in the state it was read in; false when something moved it meanwhile. */
export function move(
  deps: TaskCommandDeps,
  task: TaskRow,
  by: CommandDoor,
  action: TaskCommandAction,
  to: TaskState,
  cause: string,
  data: Record<string, unknown> = {},
): boolean {
  return (
    deps.store.transition(task.id, to, cause, {
      expectFrom: [task.state],
      data: { ...data, by, action },
    }) === 'moved'
  );
}

export function done(
  deps: TaskCommandDeps,
  task: TaskRow,
  action: TaskCommandAction,
  to: TaskState,
  message: string,
): CommandDone {
  return { kind: 'done', taskId: task.id, action, from: task.state, to, message, next: whoCarriesOn(deps) };
}

/**
 * The shape of pause, stop, retry and abandon: read the live attempt, move the task (only if it is still
 * where it was read), then stop that attempt. `undefined` when something moved the task meanwhile.
 */
export async function moveThenStop(
  deps: TaskCommandDeps,
  task: TaskRow,
  by: CommandDoor,
  step: {
    action: TaskCommandAction;
    to: TaskState;
    cause: string;
    reason: StopReason;
    data?: Record<string, unknown>;
  },
): Promise<{ stopped: boolean } | undefined> {
  const live = liveAttempt(deps, task.id);
  if (!move(deps, task, by, step.action, step.to, step.cause, step.data)) return undefined;
  return { stopped: await stopLive(deps, live, step.reason) };
}
