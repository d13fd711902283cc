import { z } from 'zod';

/** Every state a task can be in. The transitions live in src/shared/task-state-machine.ts. */
export const TASK_STATES = [
  'planned',
  'ready',
  'running',
  'paused',
  'verifying',
  'fixing',
  'verified',
  'queued',
  'integrating',
  'merged',
  'cleaned',
  'stuck',
  'reassigned',
  'blocked',
  'conflict',
  'failed',
  'abandoned',
] as const;

export const TaskStateSchema = z.enum(TASK_STATES);
export type TaskState = z.infer<typeof TaskStateSchema>;

/** States in which an agent process may be alive for the task. */
export const ACTIVE_STATES: readonly TaskState[] = ['running', 'fixing'];
/** States from which the task will not move again without a person. */
export const TERMINAL_STATES: readonly TaskState[] = ['merged', 'cleaned', 'abandoned'];
