// What a task waiting in `review` waits for: a review of its code, or of its agent's plan (`agent_plan`:
// the plan turn's end moved it to review with `subject: 'plan'`).
import type { ReviewSubject } from '../../infra/db/review-store.js';
import type { TaskStore } from '../../infra/db/task-store.js';

export function reviewSubject(store: Pick<TaskStore, 'stateHistory'>, taskId: string): ReviewSubject {
  const entered = store
    .stateHistory(taskId)
    .filter((h) => h.to === 'review')
    .at(-1);
  return entered?.subject === 'plan' ? 'plan' : 'code';
}
