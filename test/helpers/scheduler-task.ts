// The scheduler's unit tests' builders: one policy and one task snapshot, each test overriding what it
// is about.
import type { SchedulerPolicy, SchedulerTask } from '../../src/core/scheduler/snapshot.js';
import type { TaskState } from '../../src/shared/task-state.js';

export const NOW = 1_000_000;

export const TEST_POLICY: SchedulerPolicy = {
  wip: 3,
  pauseAt: 0.85,
  stuckRepeats: 3,
  stuckIdleMs: 60_000,
  stuckAction: 'reassign',
  fallbackAgent: undefined,
  maxReassign: 1,
  maxFixIterations: 3,
};

const NOT_STARTED: readonly TaskState[] = ['planned', 'ready'];

/** A task in `state`: an agent live a second ago when running or fixing, one attempt once started. */
export function schedulerTask(
  id: string,
  state: TaskState,
  over: Partial<SchedulerTask> = {},
): SchedulerTask {
  const live = state === 'running' || state === 'fixing';
  return {
    id,
    state,
    priority: 0,
    dependsOn: [],
    agent: 'scripted',
    tokensUsed: 0,
    budget: 100_000,
    attempts: NOT_STARTED.includes(state) ? 0 : 1,
    fixIterations: 0,
    reassignments: 0,
    attemptStartedAt: live ? NOW - 1000 : null,
    lastOutputAt: live ? NOW - 1000 : null,
    failureFingerprints: [],
    ...over,
  };
}
