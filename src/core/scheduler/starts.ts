import type { TaskState } from '../../shared/task-state.js';
import { WIP_STATES } from '../../shared/task-state.js';
import type { Decision } from './decision.js';
import { compareIds } from './helpers.js';
import type { SchedulerPolicy, SchedulerTask } from './snapshot.js';

/**
 * Which tasks start now: reassigned tasks first (they kept their slot), then ready tasks by priority
 * (highest first) then id, while WIP slots are free and no running task owns overlapping paths.
 * `next` holds the states this step's earlier decisions move tasks to.
 */
export function planStarts(
  tasks: readonly SchedulerTask[],
  next: ReadonlyMap<string, TaskState>,
  policy: SchedulerPolicy,
): Array<Extract<Decision, { kind: 'start' }>> {
  const stateOf = (t: SchedulerTask): TaskState => next.get(t.id) ?? t.state;
  const occupied = new Set(tasks.filter((t) => WIP_STATES.includes(stateOf(t))).map((t) => t.id));
  const starts: Array<Extract<Decision, { kind: 'start' }>> = [];

  // Reassigned tasks already hold their slot: start them first.
  for (const t of tasks) {
    if (stateOf(t) === 'reassigned')
      starts.push({ kind: 'start', taskId: t.id, to: 'running', agent: t.agent, attemptKind: 'reassign' });
  }

  const running = new Set(occupied);
  let free = policy.wip - occupied.size;
  const ready = tasks
    .filter((t) => stateOf(t) === 'ready')
    .sort((a, b) => b.priority - a.priority || compareIds(a.id, b.id));
  for (const t of ready) {
    if (free <= 0) break;
    if (overlapsAny(t, running, tasks)) continue;
    starts.push({
      kind: 'start',
      taskId: t.id,
      to: 'running',
      agent: t.agent,
      attemptKind: t.attempts === 0 ? 'initial' : 'retry',
    });
    running.add(t.id);
    free -= 1;
  }
  return starts;
}

/** Overlap is symmetric even when only one side lists it. */
function overlapsAny(
  task: SchedulerTask,
  running: ReadonlySet<string>,
  tasks: readonly SchedulerTask[],
): boolean {
  if ((task.overlapsWith ?? []).some((id) => running.has(id))) return true;
  return tasks.some((o) => running.has(o.id) && (o.overlapsWith ?? []).includes(task.id));
}
