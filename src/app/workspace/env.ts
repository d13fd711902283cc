import type { ProjectContext } from '../context.js';
import { GroveError } from '../../shared/errors.js';

export interface WorkspaceEnvInput {
  taskId: string;
  worktree: string;
  repoRoot: string;
  branch: string;
  port: number | null;
}

/** The environment grove gives hooks and agents of a task. */
export function workspaceEnv(input: WorkspaceEnvInput): Record<string, string> {
  const env: Record<string, string> = {
    GROVE_TASK_ID: input.taskId,
    GROVE_WORKTREE: input.worktree,
    GROVE_REPO_ROOT: input.repoRoot,
    GROVE_BRANCH: input.branch,
  };
  if (input.port !== null) env.GROVE_PORT = String(input.port);
  return env;
}

/**
 * The GROVE_* environment of a spawned task, from its row (the agent launcher calls this). Throws
 * STATE_INVALID when the task has no workspace yet.
 */
export function workspaceEnvForTask(
  ctx: Pick<ProjectContext, 'store' | 'paths'>,
  taskId: string,
): Record<string, string> {
  const row = ctx.store.require(taskId);
  if (!row.worktree || !row.branch) {
    throw new GroveError('STATE_INVALID', `task ${taskId} has no workspace yet`, {
      hint: `run \`grove spawn ${taskId}\``,
    });
  }
  return workspaceEnv({
    taskId,
    worktree: row.worktree,
    repoRoot: ctx.paths.mainRoot,
    branch: row.branch,
    port: row.port,
  });
}
