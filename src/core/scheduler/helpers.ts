import type { BlockReason, Decision, Notification } from './decision.js';
import type { SchedulerTask } from './snapshot.js';

export function block(
  task: SchedulerTask,
  reason: BlockReason,
  message: string,
): Extract<Decision, { kind: 'block' }> {
  return {
    kind: 'block',
    taskId: task.id,
    to: 'blocked',
    reason,
    notify: notify('blocked', task.id, message),
  };
}

export function notify(kind: Notification['kind'], taskId: string | null, message: string): Notification {
  return { kind, taskId, message };
}

/** Plain code-unit order, so the result does not depend on the locale. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
