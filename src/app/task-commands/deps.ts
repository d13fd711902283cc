// What a task command needs from the project: a ProjectContext satisfies it as it is.
import type { ProjectContext } from '../context.js';

export type TaskCommandDeps = Pick<
  ProjectContext,
  'paths' | 'config' | 'tasks' | 'db' | 'store' | 'stores' | 'now'
>;
