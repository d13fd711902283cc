// The tasks table as rows, zod-free: the read a command that only lists tasks needs (`grove conflicts`
// loads this, not the task store with its journal schemas). TaskStore.list is this read.
import type { TaskState } from '../../shared/task-states.js';
import type { Db } from './open.js';

export interface TaskRow {
  id: string;
  title: string;
  state: TaskState;
  agent: string | null;
  branch: string | null;
  worktree: string | null;
  base: string | null;
  priority: number;
  spec_hash: string | null;
  budget_tokens: number | null;
  /** Its dollar budget (file, role or `budgets.usd`); null when none applies. */
  budget_usd: number | null;
  session_id: string | null;
  port: number | null;
  cycle: number;
  /** The commit the task's gates last all passed on: the only one the merge queue builds from. */
  verified_commit: string | null;
  /** The config host its agent runs on; null: this machine. */
  host: string | null;
  created_at: number;
  updated_at: number;
}

/** Every task, highest priority first, then by id. */
export function listTaskRows(db: Db): TaskRow[] {
  return db.prepare('SELECT * FROM tasks ORDER BY priority DESC, id').all() as TaskRow[];
}
