// What every task command returns: the move it made, or a refusal (an expected outcome, not a throw).
import type { GroveErrorCode } from '../../shared/errors.js';
import type { TaskState } from '../../shared/task-state.js';

export type TaskCommandAction = 'pause' | 'resume' | 'stop' | 'retry' | 'reassign' | 'abandon';

/** Which door the command came through; recorded in the state event's data as `by`. */
export type CommandDoor = 'cli' | 'dashboard' | 'loop';

export interface CommandDone {
  kind: 'done';
  taskId: string;
  action: TaskCommandAction;
  from: TaskState;
  to: TaskState;
  message: string;
  /** Who carries on: the running scheduler, or the next `grove run`. */
  next: string;
}

export interface CommandRefused {
  kind: 'refused';
  code: GroveErrorCode;
  message: string;
  hint?: string;
}

export type CommandResult = CommandDone | CommandRefused;
