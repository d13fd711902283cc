// Plan approval in the scheduler (config `review.plan: required`): no agent session starts from a spec
// the lead has not approved. The snapshot says, per task, whether its spec as it is now is in the latest
// approval; a task whose spec is not is not started (a wait, told once), and every other task goes on.
import type { SpecApproval } from '../plan/approval.js';
import { planWaitMessage } from '../plan/approval.js';
import type { SchedulerPolicy, SchedulerTask } from './snapshot.js';

/** Why a task does not start now: its spec is not approved (changed since the approval, or new). */
export interface PlanWait {
  taskId: string;
  waiting: 'plan-approval';
  /** The task's spec and its status against the approval; undefined when the task has no file. */
  spec: SpecApproval | undefined;
  message: string;
}

/** The wait when `task` may not start a new agent session under `policy`; undefined when it may. */
export function planApprovalWait(task: SchedulerTask, policy: SchedulerPolicy): PlanWait | undefined {
  if (policy.reviewPlan !== 'required' || task.plan?.status === 'approved') return undefined;
  return {
    taskId: task.id,
    waiting: 'plan-approval',
    spec: task.plan,
    message: planWaitMessage(task.id, task.plan),
  };
}
