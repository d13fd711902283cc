// Starts an agent attempt for a task: its worktree (spawned or reused), then the agent, followed by
// the loop's monitor. A failure to start marks the task failed and tells the lead.
import type { AttemptKind } from '../../infra/db/attempt-store.js';
import { GroveError } from '../../shared/errors.js';
import { ACTIVE_STATES } from '../../shared/task-state.js';
import { buildPlanTurnPrompt } from '../../core/agent-plan/index.js';
import { spawnWorkspace } from '../workspace/spawn.js';
import { planTurnBase, planTurnNext } from './agent-plan.js';
import type { RunRuntime } from './runtime.js';

export interface StartRequest {
  taskId: string;
  kind: AttemptKind;
  agent: string;
  prompt: string;
  resumeSessionId?: string;
  /**
   * The caller built a plan turn's prompt itself (apply.ts). Otherwise a task whose agent plan is not
   * approved yet still gets a plan-only turn (a fix after its plan turn failed): its prompt is made one.
   */
  planPrompt?: boolean;
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
    // Until a person approves its agent's plan, every attempt of the task is a plan-only turn.
    const planOnly = planTurnNext(rt.ctx, req.taskId);
    const worktree = rt.stores.tasks.require(req.taskId).worktree;
    if (planOnly && !worktree) {
      throw new GroveError('STATE_INVALID', `task ${req.taskId} has no worktree for its plan turn`);
    }
    const base = planOnly && worktree ? await planTurnBase(worktree) : undefined;
    const row = await rt.monitor.start({
      taskId: req.taskId,
      kind: req.kind,
      agentName: req.agent,
      prompt: planOnly && req.planPrompt !== true ? buildPlanTurnPrompt(req.prompt) : req.prompt,
      ...(req.resumeSessionId ? { resumeSessionId: req.resumeSessionId } : {}),
      ...(base
        ? {
            planOnly: true,
            onRecorded: (attempt) =>
              rt.stores.agentPlans.begin({
                attemptId: attempt.id,
                taskId: req.taskId,
                baseHead: base.head,
                baseTree: base.tree,
              }),
          }
        : {}),
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
