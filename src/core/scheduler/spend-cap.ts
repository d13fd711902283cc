// A fleet spend cap in the scheduler (config `budgets.usd_per_cycle`, `budgets.usd_per_day`): once the
// known spend reaches a cap, no new agent session starts — a ready task (first start, retry, or a resume
// a person asked for) and a reassigned one wait. What is already under way goes on: running agents, and
// the fix iterations of tasks whose agent already worked (their session is paid for and a half-done task
// is worth finishing; each is still held to its own token and dollar budget). The lead is told once for
// the fleet (the run loop's `spend-cap` notification), not once per waiting task.
import type { SchedulerSnapshot, SchedulerTask } from './snapshot.js';

/** Why a task does not start now: a fleet spend cap is reached. */
export interface SpendWait {
  taskId: string;
  waiting: 'spend-cap';
  message: string;
}

/** The wait when a spend cap holds `task`'s start; undefined when it may start. */
export function spendCapWait(task: SchedulerTask, cap: SchedulerSnapshot['spendCap']): SpendWait | undefined {
  if (!cap) return undefined;
  return { taskId: task.id, waiting: 'spend-cap', message: `${task.id} does not start: ${cap.message}` };
}
