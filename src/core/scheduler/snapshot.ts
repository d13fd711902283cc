import type { Config } from '../../shared/config.js';
import type { SpecApproval } from '../plan/approval.js';
import type { TaskState } from '../../shared/task-state.js';
import type { CandidateFigures } from '../best-of/rank.js';

/** What the scheduler needs to know about one task. The app builds it from the stores. */
export interface SchedulerTask {
  id: string;
  state: TaskState;
  /** Higher starts first among ready tasks (spec `priority`). */
  priority: number;
  dependsOn: readonly string[];
  /** The agent name the task runs with now. */
  agent: string;
  /** Its config host (`hosts`), `any` (the host with most room when it starts), or null: this machine. */
  host?: string | null;
  /**
   * Ids of other tasks whose `owns` globs overlap this task's (config `run_overlapping` off): the two
   * never run at the same time, and one does not start while the other holds the paths (see overlap.ts).
   */
  overlapsWith?: readonly string[];
  /** For each id in `overlapsWith` (either side), what both own, for the lead: `src/utils.ts`. */
  overlapShared?: Readonly<Record<string, string>>;
  /** Tokens used by all attempts of the task (input + output + cache writes). */
  tokensUsed: number;
  /** The task's token budget (spec override or config default, plus resumes). */
  budget: number;
  /**
   * Its dollar budget (spec `budget.usd`, its role's, or config `budgets.usd`) and what it has cost:
   * the known part, and whether part is unknown. Left out when no dollar budget applies.
   */
  usd?: { used: number; unknown: boolean; limit: number };
  /** Attempts started so far. */
  attempts: number;
  /** Fix iterations used (gate or integration failures sent back to the agent) in the current session. */
  fixIterations: number;
  /** Times the task has been reassigned after being stuck. */
  reassignments: number;
  /** When the current attempt started, and when it last printed anything (ms since epoch). */
  attemptStartedAt: number | null;
  lastOutputAt: number | null;
  /**
   * The live attempt's agent has reported its result and is exiting: a budget pause waits for the exit
   * (then it is checked in verifying) rather than killing an agent that is done.
   */
  agentFinished?: boolean;
  /**
   * Failure fingerprints of the task's gate runs and agent errors, oldest first, counted from the start
   * of its current session: after a reassign pass only the new session's, or the old repeats would mark
   * the fresh session stuck at once.
   */
  failureFingerprints: readonly string[];
  /** The merge queue's conflict the task was sent back for, still unresolved in its worktree. */
  openConflict?: { base: string; files: readonly string[] };
  /**
   * For a task in `verifying`: the outcome of its gates once they have all run (`pending` while they
   * run). `failed` names the first failing gate and its fingerprint.
   */
  gates?: { kind: 'pending' } | { kind: 'passed' } | { kind: 'failed'; gate: string; fingerprint: string };
  /** A person's approval stands for the commit the task's gates passed on (config `review.code`). */
  approved?: boolean;
  /**
   * The task's spec against the lead's latest plan approval (config `review.plan`): undefined when the
   * task has no spec file. Read only with `review.plan: required`.
   */
  plan?: SpecApproval;
  /**
   * An attempt of a best-of task (spec `attempts`): its group (the task file's id), its place, whether
   * grove has ranked the group yet (the journal's `best-of` event), and its figures for the ranking.
   * Until the group is ranked, an attempt that passed waits in `verified` and one that failed its gates
   * waits in `verifying`.
   */
  bestOf?: {
    group: string;
    index: number;
    of: number;
    ranked: boolean;
    figures: CandidateFigures;
    /** Its figures are still being counted (its diff size): the attempt has not settled yet. */
    counting?: boolean;
  };
}

/** The part of the config the scheduler reads, in plain numbers. */
export interface SchedulerPolicy {
  wip: number;
  /** Each config host's `wip` (src/core/scheduler/hosts.ts); absent: no host limits. */
  hostWip?: Readonly<Record<string, number>>;
  pauseAt: number;
  stuckRepeats: number;
  stuckIdleMs: number;
  stuckAction: 'reassign' | 'block';
  fallbackAgent: string | undefined;
  /** Reassignments allowed before a stuck task is blocked. */
  maxReassign: number;
  maxFixIterations: number;
  /**
   * `required`: a verified task waits for a person's review before it joins the merge queue; `auto`
   * (the default when left out): it joins at once.
   */
  reviewCode?: 'auto' | 'required';
  /**
   * `required`: a task starts a new agent session only when its spec, as it is now, is in the lead's
   * latest plan approval; `auto` (the default when left out): tasks start as soon as they are ready.
   */
  reviewPlan?: 'auto' | 'required';
}

export interface SchedulerSnapshot {
  tasks: readonly SchedulerTask[];
  policy: SchedulerPolicy;
  now: number;
  /**
   * A fleet spend cap is reached (config `budgets.usd_per_cycle` / `usd_per_day`): no new agent
   * session starts (initial, retry, reassign, or a resume from `ready`); running tasks and fix
   * iterations of tasks already under way go on. `message` says what was spent and how to raise it.
   */
  spendCap?: { message: string };
}

/** The scheduler policy from a parsed config. */
export function policyFromConfig(config: Config): SchedulerPolicy {
  return {
    wip: config.wip,
    hostWip: Object.fromEntries(Object.entries(config.hosts).map(([name, h]) => [name, h.wip])),
    pauseAt: config.budgets.pause_at,
    stuckRepeats: config.stuck.repeats,
    stuckIdleMs: config.stuck.idle,
    stuckAction: config.stuck.action,
    fallbackAgent: config.stuck.fallback_agent,
    maxReassign: config.stuck.max_reassign,
    maxFixIterations: config.fix.max_iterations,
    reviewCode: config.review.code,
    reviewPlan: config.review.plan,
  };
}
