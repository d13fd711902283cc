// Which lead actions apply to a task in a given state: the one predicate the task commands check
// before they act (src/app/task-commands/) and the dashboard uses to show only the buttons that apply.
import { canTransition } from './task-state-machine.js';
import type { TaskState } from './task-state.js';
import { PAUSABLE_STATES, TERMINAL_STATES } from './task-state.js';

export const TASK_ACTIONS = [
  'pause',
  'resume',
  'stop',
  'retry',
  'reassign',
  'abandon',
  'approve-scope',
  'enqueue',
  'approve',
  'request-changes',
  'discard',
] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

/** True when `action` can act on a task in `state` (a refusal with the reason otherwise). */
export function actionApplies(action: TaskAction, state: TaskState): boolean {
  switch (action) {
    case 'pause':
      return PAUSABLE_STATES.includes(state);
    case 'resume':
      return state === 'paused' || state === 'blocked';
    case 'stop':
      return canTransition(state, 'blocked');
    case 'retry':
      return state !== 'ready' && canTransition(state, 'ready');
    case 'reassign':
      return (
        (state !== 'ready' && canTransition(state, 'ready')) ||
        state === 'stuck' ||
        canTransition(state, 'stuck')
      );
    case 'abandon':
      return canTransition(state, 'abandoned');
    case 'approve-scope':
      // The approval stands in any state; it is offered while the task's work can still change.
      return !TERMINAL_STATES.includes(state);
    case 'enqueue':
      return state === 'verified';
    case 'approve':
    case 'request-changes':
    case 'discard':
      // Code review (config `review.code: required`): only a task waiting for it.
      return state === 'review';
  }
}

/** The actions that apply in `state`, in the order the dashboard shows them. */
export function applicableActions(state: TaskState): TaskAction[] {
  return TASK_ACTIONS.filter((a) => actionApplies(a, state));
}
