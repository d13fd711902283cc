import { z } from 'zod';
import { TASK_STATES } from './task-states.js';

// Every state and group (src/shared/task-states.ts, zod-free), and the schema that checks a state.
export * from './task-states.js';

export const TaskStateSchema = z.enum(TASK_STATES);
