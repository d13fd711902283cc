import { checkStuck, consecutiveRepeats } from '../stuck.js';
import type { Decision, Notification, StuckReason, StuckResolution } from './decision.js';
import { notify } from './helpers.js';
import type { SchedulerPolicy, SchedulerTask } from './snapshot.js';

/** Stuck on a repeated failure (or, while an agent runs, idle too long): the decision and its resolution. */
export function decideStuck(
  task: SchedulerTask,
  policy: SchedulerPolicy,
  now: number,
  active: boolean,
): Exclude<Decision, { kind: 'done' }> | undefined {
  const check = checkStuck({
    fingerprints: task.failureFingerprints,
    repeats: policy.stuckRepeats,
    active,
    lastOutputAt: task.lastOutputAt,
    startedAt: task.attemptStartedAt,
    now,
    idleMs: policy.stuckIdleMs,
  });
  if (check.kind === 'ok') return undefined;
  const reason: StuckReason =
    check.reason === 'idle'
      ? { kind: 'idle', idleMs: check.idleMs }
      : { kind: 'repeated-failure', fingerprint: check.fingerprint, repeats: check.repeats };
  const then = resolveStuck(task, reason, policy);
  return {
    kind: 'stuck',
    taskId: task.id,
    to: 'stuck',
    reason,
    then,
    notify: stuckNotification(task, reason, then),
  };
}

/** Reassign to a fresh session (the fallback agent if configured) until `maxReassign`, then block. */
export function resolveStuck(
  task: SchedulerTask,
  reason: StuckReason,
  policy: SchedulerPolicy,
): StuckResolution {
  if (policy.stuckAction === 'block') return { kind: 'block', reason: { kind: 'stuck-policy', reason } };
  if (task.reassignments >= policy.maxReassign) {
    return { kind: 'block', reason: { kind: 'stuck', reason, reassignments: task.reassignments } };
  }
  return { kind: 'reassign', agent: policy.fallbackAgent ?? task.agent };
}

/** Why a task left in `stuck` (e.g. across a restart) is stuck, from its fingerprints. */
export function lastStuckReason(task: SchedulerTask): StuckReason {
  const last = task.failureFingerprints[task.failureFingerprints.length - 1];
  if (last === undefined) return { kind: 'idle', idleMs: 0 };
  return {
    kind: 'repeated-failure',
    fingerprint: last,
    repeats: consecutiveRepeats(task.failureFingerprints),
  };
}

export function stuckNotification(
  task: Pick<SchedulerTask, 'id' | 'openConflict'>,
  reason: StuckReason,
  then: StuckResolution,
): Notification {
  const repeated =
    reason.kind === 'idle'
      ? `no output for ${Math.round(reason.idleMs / 1000)}s`
      : `the same failure ${reason.repeats} times in a row (${reason.fingerprint})`;
  const conflict = task.openConflict;
  const what = conflict
    ? `its conflict with ${conflict.base} in ${conflict.files.join(', ')} is not resolved, ${repeated}`
    : repeated;
  const action =
    then.kind === 'reassign'
      ? `reassigning to a fresh ${then.agent} session`
      : 'blocked until a person looks at it';
  return notify(
    then.kind === 'reassign' ? 'stuck' : 'blocked',
    task.id,
    `${task.id} is stuck: ${what}; ${action}`,
  );
}
