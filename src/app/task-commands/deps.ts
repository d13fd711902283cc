// What a task command needs from the project: a ProjectContext satisfies it as it is.
import type { ProjectContext } from '../context.js';
import type { StopReason } from '../attempts/tracked.js';

export type TaskCommandDeps = Pick<
  ProjectContext,
  'paths' | 'config' | 'tasks' | 'db' | 'store' | 'stores' | 'now'
> & {
  /**
   * How to stop a live attempt. Left out, the command stops it from outside (signals its process group
   * and records its end, as any grove process can); the run loop passes its own monitor's stop so the
   * process it supervises is not watched twice.
   */
  stopAttempt?: (attemptId: number, reason: StopReason) => Promise<void>;
};
