// What every task command returns: the move it made, or a refusal (an expected outcome, not a throw).
import type { LearningProposal } from '../../core/learnings/index.js';
import type { GroveErrorCode } from '../../shared/errors.js';
import type { TaskState } from '../../shared/task-state.js';
import type { RetroApplied } from '../compound/retro.js';

export type TaskCommandAction =
  | 'pause'
  | 'resume'
  | 'stop'
  | 'retry'
  | 'reassign'
  | 'abandon'
  | 'approve-scope'
  | 'enqueue'
  | 'approve'
  | 'request-changes'
  | 'discard';

/** Which door the command came through; recorded in the state event's data as `by`. */
export type CommandDoor = 'cli' | 'dashboard' | 'loop' | 'demo';

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

/** approve-scope: the move (or none, `from === to`), the paths allowed, whether the task continues. */
export interface ScopeApproved extends CommandDone {
  action: 'approve-scope';
  paths: string[];
  resumed: boolean;
}

export type ScopeResult = ScopeApproved | CommandRefused;

/** approve / request-changes: the move and the review recorded (its row id, the commit it is for). */
export interface Reviewed extends CommandDone {
  action: 'approve' | 'request-changes';
  reviewId: number;
  commit: string;
  comments: Array<{ file: string; line: number; quoted: string; text: string }>;
}

export type ReviewResult = Reviewed | CommandRefused;

/** discard (keep or discard per file): the revert committed on the task branch, and the files dropped. */
export interface Discarded extends CommandDone {
  action: 'discard';
  commit: string;
  files: string[];
}

export type DiscardResult = Discarded | CommandRefused;

/** Learning proposals decided (accept, edit, reject): what changed in the store and in AGENTS.md. */
export interface LearningsDecided {
  kind: 'done';
  accepted: LearningProposal[];
  rejected: LearningProposal[];
  applied: RetroApplied;
  message: string;
}

export type LearningResult = LearningsDecided | CommandRefused;
