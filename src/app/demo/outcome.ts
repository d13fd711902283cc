// The demo's built-in check: did the cycle go as the sample plan was designed? Pure: facts in, verdict
// out. With the scripted agent every figure is fixed by the scripts; with a real agent only "every task
// merged" is required and the rest is shown for information.
import type { StateEventData } from '../../shared/journal-event.js';
import type { TaskState } from '../../shared/task-state.js';
import { MERGED_STATES } from '../../shared/task-state.js';
import type { TrendRow } from '../../core/report/trend.js';
import type { LeadMove } from './demo-lead.js';
import { DEMO_COMMENT } from './demo-lead.js';

export interface DemoTaskFacts {
  id: string;
  state: TaskState;
  /** The task's state transitions in order, with the data the run loop attached (`kind`, `gate`). */
  history: ReadonlyArray<Pick<StateEventData, 'to' | 'kind' | 'gate'>>;
  /** The best-of task this is an attempt of (its attempts count as one task of the plan). */
  bestOfGroup?: string;
}

/** How one best-of task of the demo went: grove's ranking and what the repository keeps. */
export interface DemoBestOf {
  group: string;
  attempts: number;
  /** grove's pick (null: not ranked, or no attempt passed). */
  pick: string | null;
  /** The attempt that merged, if any. */
  landed: string | null;
  /** refs/grove/best-of/<group>/* refs: every attempt's tip, kept until the cycle is cleaned. */
  backupRefs: number;
}

export interface DemoCheck {
  name: string;
  /** null: not required (shown for information). */
  expected: number | null;
  actual: number;
  ok: boolean;
}

export interface DemoOutcome {
  ok: boolean;
  merged: string[];
  notMerged: Array<{ id: string; state: TaskState }>;
  /** One entry per fix iteration (a gate or the queue's test failed and the agent was sent back). */
  fixes: Array<{ task: string; gate: string }>;
  /** Conflicts the queue sent back to an agent, for tasks that then merged. */
  conflictsHandled: string[];
  proposals: number;
  checks: DemoCheck[];
}

/** What the sample plan (templates/demo) is built to produce with the scripted agent. */
export const DEMO_DESIGN = {
  /** Six in the sample plan (one of them best-of, counted once), one in the next cycle's. */
  tasks: 7,
  fixIterations: 1,
  conflictsHandled: 1,
  /**
   * Cycle 1's lessons: price-format's own rule (accepted), its fix loop's (rejected: the rule covers it)
   * and the conflict the queue sent back over src/index.js (accepted).
   */
  proposals: 3,
  lessonsAccepted: 2,
  /** The lead (review required): approves each cycle's plan, comments on one line of one task, and the
   * re-review of that task shows only the fix (one line replaced: +1 −1). */
  planApprovals: 2,
  reviewComments: 1,
  reReviewLines: 2,
  /** Cycle 2's task reads the accepted lesson in AGENTS.md and passes first time. */
  cycles: 2,
  /** `slug` asks for 3 attempts: one fails the test gate, two pass; the smaller diff is grove's pick and
   * the lead keeps it. Each attempt's tip stays as a backup ref. */
  bestOf: { group: 'slug', attempts: 3, pick: 'slug-try3', backupRefs: 3 },
  nextCycleTasks: 1,
} as const;

export function checkDemoOutcome(
  tasks: readonly DemoTaskFacts[],
  options: {
    proposals: number;
    strict: boolean;
    lead?: readonly LeadMove[];
    trend?: readonly TrendRow[];
    bestOf?: readonly DemoBestOf[];
    /** Cycle 1's tasks not finished when the lead planned the next cycle (with their states). */
    openAtNextCycle?: ReadonlyArray<{ id: string; state: TaskState }>;
  },
): DemoOutcome {
  // The plan's tasks: a best-of task's attempts are one, merged when one of them merged.
  const attemptsOf = new Map<string, DemoTaskFacts[]>();
  for (const t of tasks) {
    const key = t.bestOfGroup ?? t.id;
    attemptsOf.set(key, [...(attemptsOf.get(key) ?? []), t]);
  }
  const planned = [...attemptsOf.values()];
  const landedOf = (unit: DemoTaskFacts[]) => unit.find((t) => MERGED_STATES.includes(t.state));
  const merged = planned.flatMap((unit) => {
    const landed = landedOf(unit);
    return landed ? [landed.id] : [];
  });
  const notMerged = planned
    .filter((unit) => landedOf(unit) === undefined)
    .flatMap((unit) => unit.map((t) => ({ id: t.id, state: t.state })));
  const fixes: DemoOutcome['fixes'] = [];
  const conflictsHandled: string[] = [];
  for (const t of tasks) {
    for (const h of t.history) {
      if (h.to !== 'fixing' || h.kind === 'catch-up') continue;
      if (h.kind === 'conflict') {
        if (MERGED_STATES.includes(t.state)) conflictsHandled.push(t.id);
      } else {
        fixes.push({ task: t.id, gate: h.gate ?? 'unknown' });
      }
    }
  }
  const check = (name: string, expected: number | null, actual: number): DemoCheck => ({
    name,
    expected,
    actual,
    ok: expected === null || expected === actual,
  });
  const design = options.strict ? DEMO_DESIGN : null;
  const lead = options.lead ?? [];
  const count = (kind: LeadMove['kind']) => lead.filter((m) => m.kind === kind).length;
  // The commented task's re-review: only the fix. (A task the queue sent back for a conflict is
  // re-reviewed too, showing its conflict resolution.)
  const reReviewLines = lead.reduce(
    (n, m) => n + (m.kind === 're-review' && m.task === DEMO_COMMENT.task ? m.changedLines : 0),
    0,
  );
  const approvedTasks = new Set(lead.flatMap((m) => (m.kind === 'approve' ? [m.task] : []))).size;
  const leadChecks = options.lead
    ? [
        check('plan approvals by the lead', design?.planApprovals ?? null, count('approve-plan')),
        check('tasks approved by the lead', planned.length, approvedTasks),
        check(
          'review comments sent back to an agent',
          design?.reviewComments ?? null,
          count('request-changes'),
        ),
        check(
          `lines in ${DEMO_COMMENT.task}'s re-review (changes since the last review)`,
          design?.reReviewLines ?? null,
          reReviewLines,
        ),
        check('lessons accepted into AGENTS.md', design?.lessonsAccepted ?? null, count('accept-lesson')),
        check('lead actions refused', 0, count('refused')),
      ]
    : [];
  const trend = options.trend ?? [];
  const [one, two] = trend;
  const rose =
    one?.firstPassRate != null && two?.firstPassRate != null && two.firstPassRate > one.firstPassRate ? 1 : 0;
  const open = options.openAtNextCycle;
  const openNames = open?.map((t) => `${t.id} ${t.state}`).join(', ');
  const trendChecks = options.trend
    ? [
        ...(open
          ? [
              check(
                `cycle 1's tasks still open when the next cycle was planned${openNames ? ` (${openNames})` : ''}`,
                design ? 0 : null,
                open.length,
              ),
            ]
          : []),
        check('cycles', design?.cycles ?? null, trend.length),
        check('tasks in the next cycle', design?.nextCycleTasks ?? null, two?.tasks ?? 0),
        check('first-pass gate rate rose in the next cycle (1 = yes)', design ? 1 : null, rose),
      ]
    : [];
  const bestOf = [...(options.bestOf ?? [])];
  // With the scripted agent the sample's best-of task must be there: missing, its checks fail.
  if (design && !bestOf.some((b) => b.group === design.bestOf.group)) {
    bestOf.push({ group: design.bestOf.group, attempts: 0, pick: null, landed: null, backupRefs: 0 });
  }
  const bestOfChecks = bestOf.flatMap((b) => {
    const mine = design?.bestOf.group === b.group ? design.bestOf : null;
    return [
      check(`${b.group}: attempts run side by side`, mine?.attempts ?? null, b.attempts),
      check(
        `${b.group}: grove's pick (${mine?.pick ?? b.pick ?? 'none'}, the smallest passing diff) landed (1 = yes)`,
        mine ? 1 : null,
        b.landed !== null && b.landed === (mine?.pick ?? b.pick) ? 1 : 0,
      ),
      check(`${b.group}: attempts kept as backup refs`, mine?.backupRefs ?? null, b.backupRefs),
    ];
  });
  const checks = [
    check('tasks merged', planned.length, merged.length),
    ...(options.strict ? [check('tasks in the two cycles', DEMO_DESIGN.tasks, planned.length)] : []),
    check('fix iterations', design?.fixIterations ?? null, fixes.length),
    check('conflicts handled by the queue', design?.conflictsHandled ?? null, conflictsHandled.length),
    check('learning proposals', design?.proposals ?? null, options.proposals),
    ...bestOfChecks,
    ...leadChecks,
    ...trendChecks,
  ];
  return {
    ok: checks.every((c) => c.ok),
    merged,
    notMerged,
    fixes,
    conflictsHandled,
    proposals: options.proposals,
    checks,
  };
}
