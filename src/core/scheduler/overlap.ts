// Overlapping ownership, end to end (config `run_overlapping` off). Two rules, both pure:
//
// 1. Starts. A ready task does not start while a task whose `owns` overlaps its own HOLDS the paths
//    (HOLDS_OWNED_PATHS: from its start until it is merged, abandoned or failed — verified, queued,
//    integrating, paused, blocked, conflict and fixing still hold them). It starts once the holder is
//    merged, so its worktree is made from a base that already contains the holder's work and the merge
//    queue has nothing to conflict on. Among ready tasks that overlap each other the scheduler's order
//    decides: priority (highest first), then id.
//
// 2. Fix loops. A task that holds the paths goes on with its own fix loop: nothing else that overlaps it
//    can have started meanwhile (rule 1), so its fixes never wait. Only when two overlapping tasks hold
//    the paths at once — run_overlapping was on when they started, a person spawned one by hand, or the
//    state predates this rule — may a fix (an agent session, then gates) of one wait: it waits while the
//    other is BUSY (an agent or its gates run: WIP states, except a verifying task whose gates have all
//    run). Two such tasks waiting to fix at once go in the start order, so neither waits for ever. The
//    rule that comes out: two overlapping tasks never have agents or gates running at the same time.
//
// A task waiting on a holder that waits for a person (paused, blocked, conflict) waits as long: that is
// right (only the person can say which goes first), and the wait is reported with its reason.
import type { TaskState } from '../../shared/task-state.js';
import { HOLDS_OWNED_PATHS, NEEDS_PERSON_STATES, WIP_STATES } from '../../shared/task-state.js';
import type { SchedulerTask } from './snapshot.js';

/** Why a task does not start (or fix) now: another task holds paths both own. */
export interface OverlapWait {
  taskId: string;
  /** What waits: the task's start, or its next fix iteration. */
  waiting: 'start' | 'fix';
  /** The task holding the paths (the first by id when several do). */
  waitsFor: string;
  /** The holder's state (after this step's decisions). */
  holderState: TaskState;
  /** What both own, as the lead reads it. */
  shared: string;
  message: string;
}

/** True when `task`, in `state`, holds the paths it owns against overlapping tasks. */
export function holdsOwnedPaths(task: SchedulerTask, state: TaskState): boolean {
  // Blocked before it ever started (a dependency failed): no work of its own yet.
  if (state === 'blocked' && task.attempts === 0) return false;
  return HOLDS_OWNED_PATHS.includes(state);
}

/** True when an agent or the gates of `task` run (or are about to), in `state`. */
export function busyWithOwnedPaths(task: SchedulerTask, state: TaskState, moved: boolean): boolean {
  if (!WIP_STATES.includes(state)) return state === 'stuck';
  // A verifying task whose gates have all run has nothing running (it waits for its next step); one
  // that a decision of this step moved to verifying has its gates about to run.
  if (state === 'verifying' && !moved) return (task.gates ?? { kind: 'pending' }).kind === 'pending';
  return true;
}

/** The other tasks whose ownership overlaps `task`'s: symmetric even when only one side lists it. */
export function overlappingTasks(task: SchedulerTask, tasks: readonly SchedulerTask[]): SchedulerTask[] {
  return tasks.filter(
    (o) =>
      o.id !== task.id &&
      ((task.overlapsWith ?? []).includes(o.id) || (o.overlapsWith ?? []).includes(task.id)),
  );
}

/** What `a` and `b` both own, as the lead reads it. */
export function sharedPaths(a: SchedulerTask, b: SchedulerTask): string {
  return a.overlapShared?.[b.id] ?? b.overlapShared?.[a.id] ?? 'paths both own';
}

/**
 * A wait and its reason. The message names the holder's state only when the holder waits for a person
 * (paused, blocked, conflict), so it stays the same while the holder moves on by itself and the lead is
 * told once.
 */
export function overlapWait(
  task: SchedulerTask,
  waiting: OverlapWait['waiting'],
  holder: SchedulerTask,
  holderState: TaskState,
): OverlapWait {
  const shared = sharedPaths(task, holder);
  const person = NEEDS_PERSON_STATES.includes(holderState);
  const who = person ? `${holder.id}, which is ${holderState}` : holder.id;
  const why = `${task.id} ${waiting === 'start' ? 'waits' : 'waits to fix'} for ${who} (owns ${shared} too)`;
  const then =
    waiting === 'fix'
      ? 'tasks that own the same paths never run agents or gates at the same time'
      : person
        ? `${task.id} starts once ${holder.id} is merged or abandoned; ${holder.id} waits for you`
        : `${task.id} starts once ${holder.id} is merged, from a base that contains it`;
  return { taskId: task.id, waiting, waitsFor: holder.id, holderState, shared, message: `${why}: ${then}` };
}
