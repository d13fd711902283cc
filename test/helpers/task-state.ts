// Tests that need a task in a given state get it there the way grove would: along legal edges of the
// transition table (the task store refuses any other), each step journaled with the test's cause.
import type { TaskStore } from '../../src/infra/db/task-store.js';
import type { TaskState } from '../../src/shared/task-state.js';
import { TRANSITIONS } from '../../src/shared/task-state-machine.js';

/**
 * Edges only work from outside takes (`grove adopt`: planned → verifying, no agent ran): a test's task
 * walks the way a task grove runs does, unless it asks for exactly that edge.
 */
const ADOPT_ONLY: ReadonlyArray<readonly [TaskState, TaskState]> = [['planned', 'verifying']];

/** The shortest legal path from `from` to `to` (`from` excluded, `to` included). */
export function legalPath(from: TaskState, to: TaskState): TaskState[] {
  if (from === to) return [];
  const previous = new Map<TaskState, TaskState>();
  const todo: TaskState[] = [from];
  for (let s = todo.shift(); s !== undefined; s = todo.shift()) {
    for (const next of TRANSITIONS[s]) {
      if (next === from || previous.has(next)) continue;
      const adoptOnly = ADOPT_ONLY.some(([a, b]) => a === s && b === next) && !(s === from && next === to);
      if (adoptOnly) continue;
      previous.set(next, s);
      if (next === to) {
        const path: TaskState[] = [to];
        for (let p = previous.get(to); p !== undefined && p !== from; p = previous.get(p)) path.unshift(p);
        return path;
      }
      todo.push(next);
    }
  }
  throw new Error(`no legal path from ${from} to ${to}`);
}

/** Moves the task to `to` along the shortest legal path, journaling each step with `cause`. */
export function walkTo(store: TaskStore, id: string, to: TaskState, cause = 'set up by the test'): void {
  for (const step of legalPath(store.require(id).state, to)) store.transition(id, step, cause);
}
