// The agent's plan as the dashboard's task page shows it (`TaskDetail.agentPlan`).
import type { Stores } from '../../infra/db/stores.js';
import type { TaskStore } from '../../infra/db/task-store.js';
import type { AgentPlanView } from '../../shared/api.js';
import { reviewSubject } from './subject.js';

export function agentPlanView(
  stores: Pick<Stores, 'agentPlans' | 'reviews'>,
  tasks: Pick<TaskStore, 'get' | 'stateHistory'>,
  taskId: string,
): AgentPlanView | null {
  const latest = stores.agentPlans.latestPlan(taskId);
  if (latest?.plan == null) return null;
  const task = tasks.get(taskId);
  return {
    text: latest.plan,
    number: stores.agentPlans.countPlans(taskId),
    at: latest.ended_at ?? latest.started_at,
    awaitingReview: task?.state === 'review' && reviewSubject(tasks, taskId) === 'plan',
    approved: stores.reviews.standingApproval(taskId, 'plan') !== undefined,
  };
}
