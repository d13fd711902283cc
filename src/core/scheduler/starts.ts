import type { TaskState } from '../../shared/task-state.js';
import { WIP_STATES } from '../../shared/task-state.js';
import type { Decision } from './decision.js';
import { compareIds } from './helpers.js';
import type { HostWait } from './hosts.js';
import { ANY_HOST, HostSlots } from './hosts.js';
import type { OverlapWait } from './overlap.js';
import { busyWithOwnedPaths, holdsOwnedPaths, overlapWait, overlappingTasks } from './overlap.js';
import type { PlanWait } from './plan-approval.js';
import { planApprovalWait } from './plan-approval.js';
import type { SchedulerPolicy, SchedulerSnapshot, SchedulerTask } from './snapshot.js';
import type { SpendWait } from './spend-cap.js';
import { spendCapWait } from './spend-cap.js';

/** The scheduler's start order: priority (highest first), then id. */
export function startOrder(a: SchedulerTask, b: SchedulerTask): number {
  return b.priority - a.priority || compareIds(a.id, b.id);
}

/**
 * Why a task does not start or fix now: an overlapping task holds the paths, its spec is not approved,
 * or a fleet spend cap is reached.
 */
export type StartWait = OverlapWait | PlanWait | SpendWait | HostWait;

/**
 * Which tasks start now: reassigned tasks first (they kept their slot), then ready tasks by priority
 * (highest first) then id, while WIP slots are free and no task whose ownership overlaps holds the paths
 * (overlap.ts: from its start until it is merged), and (config `review.plan: required`) only
 * tasks whose spec is approved (plan-approval.ts), and none while a fleet spend cap is reached
 * (spend-cap.ts). `next` holds the states this step's earlier decisions move tasks to. A task held back
 * by any rule is listed in `waits`.
 */
export function planStarts(
  tasks: readonly SchedulerTask[],
  next: ReadonlyMap<string, TaskState>,
  policy: SchedulerPolicy,
  spendCap?: SchedulerSnapshot['spendCap'],
): { starts: Array<Extract<Decision, { kind: 'start' }>>; waits: StartWait[] } {
  const stateOf = (t: SchedulerTask): TaskState => next.get(t.id) ?? t.state;
  const occupied = tasks.filter((t) => WIP_STATES.includes(stateOf(t))).length;
  const starts: Array<Extract<Decision, { kind: 'start' }>> = [];
  const waits: StartWait[] = [];

  // Reassigned tasks already hold their slot (and the paths they own): start them first, unless an
  // overlapping task has an agent or gates running (only when both hold the paths: overlap.ts, rule 2).
  const starting = new Set<string>();
  for (const t of tasks) {
    if (stateOf(t) !== 'reassigned') continue;
    const unapproved = planApprovalWait(t, policy) ?? spendCapWait(t, spendCap);
    if (unapproved) {
      waits.push(unapproved);
      continue;
    }
    const busy = overlappingTasks(t, tasks)
      .sort((a, b) => compareIds(a.id, b.id))
      .find((o) => starting.has(o.id) || busyWithOwnedPaths(o, stateOf(o), next.has(o.id)));
    if (busy) {
      waits.push(overlapWait(t, 'start', busy, starting.has(busy.id) ? 'running' : stateOf(busy)));
      continue;
    }
    starts.push({ kind: 'start', taskId: t.id, to: 'running', agent: t.agent, attemptKind: 'reassign' });
    starting.add(t.id);
  }

  const holder = (t: SchedulerTask): SchedulerTask | undefined =>
    overlappingTasks(t, tasks)
      .sort((a, b) => compareIds(a.id, b.id))
      .find((o) => starting.has(o.id) || holdsOwnedPaths(o, stateOf(o)));
  let free = policy.wip - occupied;
  const slots = new HostSlots(policy.hostWip ?? {}, tasks, stateOf);
  const ready = tasks.filter((t) => stateOf(t) === 'ready').sort(startOrder);
  for (const t of ready) {
    const unapproved = planApprovalWait(t, policy) ?? spendCapWait(t, spendCap);
    if (unapproved) {
      waits.push(unapproved);
      continue;
    }
    const h = holder(t);
    if (h) {
      waits.push(overlapWait(t, 'start', h, starting.has(h.id) ? 'running' : stateOf(h)));
      continue;
    }
    if (free <= 0) continue;
    const placed = slots.place(t);
    if ('waiting' in placed) {
      waits.push(placed);
      continue;
    }
    starts.push({
      kind: 'start',
      taskId: t.id,
      to: 'running',
      agent: t.agent,
      attemptKind: t.attempts === 0 ? 'initial' : 'retry',
      // Chosen among the hosts for `host: any`: the run records it as the task's host before starting.
      ...(t.host === ANY_HOST && placed.host !== null ? { host: placed.host } : {}),
    });
    starting.add(t.id);
    free -= 1;
  }
  return { starts, waits };
}
