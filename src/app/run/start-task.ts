// Starts an agent attempt for a task: its worktree (spawned or reused), then the agent, followed by
// the loop's monitor. A failure to start marks the task failed and tells the lead.
import type { AttemptKind } from '../../infra/db/attempt-store.js';
import { GroveError } from '../../shared/errors.js';
import { ACTIVE_STATES } from '../../shared/task-state.js';
import { spawnWorkspace } from '../workspace/spawn.js';
import type { RunRuntime } from './runtime.js';

export interface StartRequest {
  taskId: string;
  kind: AttemptKind;
  agent: string;
  prompt: string;
  resumeSessionId?: string;
}

export type StartResult = { kind: 'started'; attemptId: number } | { kind: 'failed'; message: string };

/** The task must already be in `running` or `fixing`. */
export async function startTaskAttempt(rt: RunRuntime, req: StartRequest): Promise<StartResult> {
  try {
    // A deleted worktree is made again for a fresh start only; fix/resume/reassign continue that folder.
    const fresh = req.kind === 'initial' || req.kind === 'retry';
    const spawned = await spawnWorkspace(rt.ctx, req.taskId, { deleted: fresh ? 'recreate' : 'refuse' });
    if (spawned.kind === 'hook-failed') {
      const message = `${req.taskId}: the pre_start hook failed (exit ${spawned.code ?? 'signal'})`;
      rt.notifier.notify({ kind: 'blocked', taskId: req.taskId, message });
      return { kind: 'failed', message };
    }
    const row = await rt.monitor.start({
      taskId: req.taskId,
      kind: req.kind,
      agentName: req.agent,
      prompt: req.prompt,
      ...(req.resumeSessionId ? { resumeSessionId: req.resumeSessionId } : {}),
    });
    rt.handledAttempts.delete(row.id);
    return { kind: 'started', attemptId: row.id };
  } catch (error) {
    const message =
      error instanceof GroveError
        ? `${error.message}${error.hint ? ` (${error.hint})` : ''}`
        : (error as Error).message;
    const task = rt.stores.tasks.get(req.taskId);
    if (task && ACTIVE_STATES.includes(task.state)) {
      rt.stores.tasks.transition(req.taskId, 'failed', `could not start the agent: ${message}`, {
        expectFrom: [task.state],
      });
    }
    rt.notifier.notify({
      kind: 'blocked',
      taskId: req.taskId,
      message: `${req.taskId}: could not start the agent: ${message}`,
    });
    return { kind: 'failed', message };
  }
}
