// The task states and their named groups, without zod: a command that only reads states (`grove
// conflicts`) loads this and not the schema library; TaskStateSchema lives in task-state.ts.

/** Every state a task can be in. The transitions live in src/shared/task-state-machine.ts. */
export const TASK_STATES = [
  'planned',
  'ready',
  'running',
  'paused',
  'verifying',
  'fixing',
  'verified',
  'review',
  'queued',
  'integrating',
  'merged',
  'cleaned',
  'stuck',
  'reassigned',
  'blocked',
  'conflict',
  'failed',
  'abandoned',
] as const;

export type TaskState = (typeof TASK_STATES)[number];

// Named groups of states: every place that asks "is this task in one of these states?" names its
// group here, so a new state (review, remote hosts) is added to each group once.

/** States in which an agent process may be alive for the task. */
export const ACTIVE_STATES: readonly TaskState[] = ['running', 'fixing'];
/** States that take a WIP slot in the scheduler (an agent runs, or its gates do). */
export const WIP_STATES: readonly TaskState[] = [...ACTIVE_STATES, 'verifying', 'reassigned'];
/**
 * States in which a task holds the paths it owns (config `run_overlapping` off): from its start until
 * its work is on the base or given up. A task whose `owns` overlaps one of these does not start — it
 * would start from a base about to change — and starts once the holder is merged (then from a base that
 * contains it), abandoned or failed. Paused, blocked and conflict hold too: their branch has work a person
 * may carry on with (the scheduler treats a blocked task that never started as holding nothing).
 */
export const HOLDS_OWNED_PATHS: readonly TaskState[] = [
  ...WIP_STATES,
  'stuck',
  'paused',
  'verified',
  'review',
  'queued',
  'integrating',
  'blocked',
  'conflict',
];
/** States in which the task is still moving without a person. */
export const IN_FLIGHT_STATES: readonly TaskState[] = [
  ...WIP_STATES,
  'stuck',
  'verified',
  'queued',
  'integrating',
];
/** States in which the task holds a WIP slot for `grove spawn` once it has a worktree. */
export const SPAWN_OCCUPYING_STATES: readonly TaskState[] = [
  'planned',
  'ready',
  'running',
  'paused',
  'verifying',
  'fixing',
  'stuck',
  'reassigned',
];
/** States in which an agent that is still alive is followed to its exit rather than stopped. */
export const FOLLOW_TO_EXIT_STATES: readonly TaskState[] = [
  ...ACTIVE_STATES,
  'verifying',
  'verified',
  'review',
  'queued',
  'integrating',
  'merged',
  'conflict',
];
/** States a person can pause (an agent or its gates run). */
export const PAUSABLE_STATES: readonly TaskState[] = [...ACTIVE_STATES, 'verifying'];
/** States in which the task is in the merge queue (waiting, or in a candidate being tested). */
export const IN_QUEUE_STATES: readonly TaskState[] = ['queued', 'integrating'];
/** States that have not started yet (no agent ever ran in this lineage). */
export const NOT_STARTED_STATES: readonly TaskState[] = ['planned', 'ready'];
/** States whose work is on the base branch. */
export const MERGED_STATES: readonly TaskState[] = ['merged', 'cleaned'];
/** States from which the task will not move again without a person. */
export const TERMINAL_STATES: readonly TaskState[] = [...MERGED_STATES, 'abandoned'];
/** States of a dependency that will never be merged without a person. */
export const DEAD_DEPENDENCY_STATES: readonly TaskState[] = ['abandoned', 'failed'];
/** States that wait on a person (besides tasks that never became ready). */
export const NEEDS_PERSON_STATES: readonly TaskState[] = [
  'blocked',
  'failed',
  'paused',
  'conflict',
  'review',
];
