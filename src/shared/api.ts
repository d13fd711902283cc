import { z } from 'zod';
import { lazySchema } from './lazy-schema.js';
import { TaskStateSchema } from './task-state.js';

/**
 * The dashboard's wire types: every HTTP body and SSE payload between src/server and src/web is one
 * of these schemas. The server builds them, the page parses them; neither side redefines them.
 */

/** One row of the events table (the journal). Its id is the SSE event id. */
export const JournalEventSchema = lazySchema(() =>
  z.object({
    id: z.number().int().positive(),
    at: z.number(),
    taskId: z.string().nullable(),
    type: z.string(),
    data: z.unknown(),
  }),
);
export type JournalEvent = z.infer<typeof JournalEventSchema>;

/** One SSE `journal` message: a batch of consecutive events; the SSE id is the last one's id. */
export const JournalBatchSchema = lazySchema(() => z.array(JournalEventSchema));

export const TokenUseSchema = lazySchema(() =>
  z.object({
    used: z.number().nonnegative(),
    /** The task's budget in tokens; null when none is set. */
    budget: z.number().positive().nullable(),
    /** Tokens at which grove pauses the task (budget × budgets.pause_at); null without a budget. */
    pauseAt: z.number().nonnegative().nullable().default(null),
    /** The known part of the cost (reported by the agent, or priced from config `prices`). */
    costUsd: z.number().nonnegative(),
    /** Part of the cost is unknown: an agent reported none and its model has no price. */
    costUnknown: z.boolean().default(false),
  }),
);

export const GateSummarySchema = lazySchema(() =>
  z.object({ gate: z.string(), ok: z.boolean(), at: z.number() }),
);
export type GateSummary = z.infer<typeof GateSummarySchema>;

/** What the lead sees of the latest thing a task's agent did. */
export const ActivitySchema = lazySchema(() =>
  z.object({ at: z.number(), eventId: z.number(), text: z.string() }),
);

export const BoardTaskSchema = lazySchema(() =>
  z.object({
    id: z.string(),
    title: z.string(),
    state: TaskStateSchema,
    agent: z.string().nullable(),
    /** The config host the task's agent runs on (`hosts`); null: this machine. */
    host: z.string().nullable().default(null),
    tokens: TokenUseSchema,
    gates: z.array(GateSummarySchema),
    /** Ids of the tasks this one is predicted to conflict with. */
    conflictsWith: z.array(z.string()),
    createdAt: z.number(),
    /** When the task entered its current state. */
    stateSince: z.number(),
    lastActivity: ActivitySchema.nullable(),
  }),
);
export type BoardTask = z.infer<typeof BoardTaskSchema>;

/**
 * The fleet's spend (src/app/run/spend.ts): each configured cap (config `budgets.usd_per_cycle`,
 * `usd_per_day`) with what was spent — the known dollars, and the tasks of unknown cost, so the spend
 * is "at least" — and what the running tasks will cost at their current burn (src/core/spend-forecast.ts).
 */
export const SpendSummarySchema = lazySchema(() =>
  z.object({
    caps: z.array(
      z.object({
        window: z.enum(['cycle', 'day']),
        period: z.string(),
        capUsd: z.number(),
        spentUsd: z.number(),
        unknownTasks: z.array(z.string()),
        reached: z.boolean(),
      }),
    ),
    forecast: z.object({
      usdPerHour: z.number(),
      moreUsd: z.number(),
      unknownTasks: z.array(z.string()),
      tasks: z.array(
        z.object({
          taskId: z.string(),
          tokensPerMinute: z.number(),
          usdPerHour: z.number().nullable(),
          projectedTokens: z.number(),
          projectedUsd: z.number().nullable(),
          inMs: z.number(),
          until: z.enum(['tokens', 'usd', 'timeout']),
        }),
      ),
      /** The forecast in one sentence, as `grove status` prints it. */
      text: z.string(),
    }),
  }),
);
export type SpendSummary = z.infer<typeof SpendSummarySchema>;

export const BoardSnapshotSchema = lazySchema(() =>
  z.object({
    tasks: z.array(BoardTaskSchema),
    /** The fleet's spend caps and forecast; absent from a server that does not compute them. */
    spend: SpendSummarySchema.optional(),
    /** The journal id this snapshot reflects: stream events after it. */
    lastEventId: z.number().int().nonnegative(),
    now: z.number(),
  }),
);
export type BoardSnapshot = z.infer<typeof BoardSnapshotSchema>;

export const DiffFileSchema = lazySchema(() =>
  z.object({
    path: z.string(),
    /** null for binary files. */
    additions: z.number().int().nonnegative().nullable(),
    deletions: z.number().int().nonnegative().nullable(),
  }),
);
export type DiffFile = z.infer<typeof DiffFileSchema>;

export const TaskDiffSchema = lazySchema(() =>
  z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('diff'),
      base: z.string(),
      files: z.array(DiffFileSchema),
      patch: z.string(),
      truncated: z.boolean(),
    }),
    z.object({ kind: z.literal('none'), reason: z.string() }),
  ]),
);
export type TaskDiff = z.infer<typeof TaskDiffSchema>;

export const GateRunViewSchema = lazySchema(() =>
  z.object({
    gate: z.string(),
    command: z.string(),
    ok: z.boolean(),
    exitCode: z.number().int().nullable(),
    timedOut: z.boolean(),
    durationMs: z.number().nonnegative(),
    output: z.string(),
    at: z.number(),
  }),
);

export const AttemptViewSchema = lazySchema(() =>
  z.object({
    n: z.number().int(),
    kind: z.string(),
    agent: z.string(),
    sessionId: z.string().nullable(),
    startedAt: z.number(),
    endedAt: z.number().nullable(),
    outcome: z.string().nullable(),
    exitCode: z.number().int().nullable(),
  }),
);

/** "Open in terminal": the exact command that attaches to the agent's session in its worktree. */
export const AttachCommandSchema = lazySchema(() =>
  z.object({
    cwd: z.string().nullable(),
    argv: z.array(z.string()),
    /** The same as one line for a POSIX shell, quoted. */
    display: z.string(),
  }),
);
export type AttachCommand = z.infer<typeof AttachCommandSchema>;

export const AgentPlanViewSchema = lazySchema(() =>
  z.object({
    /** The latest plan, as Markdown. */
    text: z.string(),
    /** Which plan it is: 1 for the first, one more for each revision a person asked for. */
    number: z.number().int().positive(),
    at: z.number(),
    /** The task waits in `review` for a person to approve this plan or request changes. */
    awaitingReview: z.boolean(),
    /** A person approved it (its agent implements, or implemented, it). */
    approved: z.boolean(),
  }),
);
export type AgentPlanView = z.infer<typeof AgentPlanViewSchema>;

export const TaskDetailSchema = lazySchema(() =>
  z.object({
    task: BoardTaskSchema,
    branch: z.string().nullable(),
    worktree: z.string().nullable(),
    base: z.string().nullable(),
    sessionId: z.string().nullable(),
    /** The task's journal, oldest first (the most recent `limit` events). */
    events: z.array(JournalEventSchema),
    diff: TaskDiffSchema,
    gates: z.array(GateRunViewSchema),
    tokenSeries: z.array(z.object({ at: z.number(), total: z.number() })),
    attempts: z.array(AttemptViewSchema),
    attach: AttachCommandSchema.nullable(),
    /** The implementation plan the task's agent wrote (`agent_plan`); null when it wrote none. */
    agentPlan: AgentPlanViewSchema.nullable(),
  }),
);
export type TaskDetail = z.infer<typeof TaskDetailSchema>;

export const ConflictMatrixSchema = lazySchema(() =>
  z.object({
    tasks: z.array(z.string()),
    pairs: z.array(z.object({ a: z.string(), b: z.string(), files: z.array(z.string()) })),
    /** Why the matrix is empty when nothing computes it yet. */
    note: z.string().nullable(),
  }),
);
export type ConflictMatrix = z.infer<typeof ConflictMatrixSchema>;

export const QueueEntryViewSchema = lazySchema(() =>
  z.object({
    taskId: z.string(),
    status: z.string(),
    at: z.number(),
    detail: z.string().nullable(),
  }),
);
export const QueueViewSchema = lazySchema(() =>
  z.object({
    window: z.number().int().nullable(),
    candidates: z.array(QueueEntryViewSchema),
    running: z.array(QueueEntryViewSchema),
    history: z.array(QueueEntryViewSchema),
    note: z.string().nullable(),
  }),
);
export type QueueView = z.infer<typeof QueueViewSchema>;

/** The plan page: what `grove plan` shows, and each spec against the lead's latest approval. */
export const PlanViewSchema = lazySchema(() =>
  z.object({
    tasks: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        file: z.string(),
        owns: z.array(z.string()),
        dependsOn: z.array(z.string()),
        accept: z.array(z.string()),
        agent: z.string(),
        budgetTokens: z.number(),
        priority: z.number(),
        /** Against the latest approval: approved, changed since it, or new; null when the plan has errors. */
        approval: z.enum(['approved', 'changed', 'new']).nullable(),
      }),
    ),
    waves: z.array(z.array(z.string())),
    blocked: z.array(z.string()),
    overlaps: z.array(z.object({ a: z.string(), b: z.string(), shared: z.string() })),
    /** With run_overlapping off: per task, the overlapping tasks of its wave that go first. */
    after: z.record(z.string(), z.array(z.object({ id: z.string(), shared: z.string() }))),
    errors: z.array(z.string()),
    warnings: z.array(z.string()),
    /** What would make each spec better (`grove plan`'s spec review), as file:line lines. */
    specReview: z.array(z.string()),
    /** config `review.plan: required`, and the approval that stands (null: none yet). */
    approval: z.object({
      required: z.boolean(),
      latest: z.object({ by: z.string(), at: z.number() }).nullable(),
      /** Specs the latest approval does not hold (changed or new). */
      waiting: z.number().int(),
    }),
  }),
);
export type PlanView = z.infer<typeof PlanViewSchema>;

/** The Trends page: one row per cycle (see src/core/report/trend.ts for each figure). */
export const TrendRowSchema = lazySchema(() =>
  z.object({
    cycle: z.number().int(),
    tasks: z.number().int(),
    merged: z.number().int(),
    firstPassRate: z.number().nullable(),
    fixIterationsPerTask: z.number().nullable(),
    stuckRate: z.number().nullable(),
    reviewRounds: z.number().int(),
    tokensPerMerged: z.number().nullable(),
    costPerMerged: z.number().nullable(),
    costUnknown: z.boolean(),
    spawnToMergeMs: z.number().nullable(),
    conflicts: z.number().int(),
    lessonsAccepted: z.number().int(),
  }),
);
export type TrendRowView = z.infer<typeof TrendRowSchema>;

export const LEARNING_SECTIONS = ['STYLE', 'GOTCHAS', 'ARCH_DECISIONS', 'TEST_STRATEGY'] as const;
export const LearningViewSchema = lazySchema(() =>
  z.object({
    id: z.string(),
    section: z.enum(LEARNING_SECTIONS),
    entry: z.string(),
    status: z.enum(['proposed', 'accepted', 'rejected', 'already-stated']),
    evidence: z.array(z.object({ task: z.string(), source: z.string(), commit: z.string().optional() })),
    /** AGENTS.md entries this proposal may contradict (a hint for the person). */
    contradicts: z.array(z.string()).default([]),
  }),
);
export type LearningView = z.infer<typeof LearningViewSchema>;

/** AGENTS.md against its size budget (config agents_md), with its entries, for the Learnings page. */
export const AgentsMdViewSchema = lazySchema(() =>
  z.object({
    lines: z.number().int(),
    maxLines: z.number().int(),
    sections: z.array(z.object({ name: z.string(), entries: z.number().int(), max: z.number().int() })),
    over: z.array(z.string()),
    entries: z.array(z.object({ section: z.string().nullable(), text: z.string() })),
  }),
);
export type AgentsMdView = z.infer<typeof AgentsMdViewSchema>;

/** A proposal's evidence, one step away (see src/app/compound/evidence.ts). */
export const LearningEvidenceSchema = lazySchema(() =>
  z.array(z.object({ task: z.string(), source: z.string(), title: z.string(), text: z.string() })),
);
export type LearningEvidenceView = z.infer<typeof LearningEvidenceSchema>;

export const ReportTaskRowSchema = lazySchema(() =>
  z.object({
    id: z.string(),
    state: TaskStateSchema,
    tokens: z.number().nonnegative(),
    costUsd: z.number().nonnegative(),
    /** Part of the cost is unknown (`costUsd` is then a lower bound). */
    costUnknown: z.boolean(),
    attempts: z.number().int().nonnegative(),
    /** First state change to now (or to merged). */
    wallMs: z.number().nonnegative(),
    gateRuns: z.number().int().nonnegative(),
    gatePasses: z.number().int().nonnegative(),
  }),
);
export const ReportViewSchema = lazySchema(() =>
  z.object({
    generatedAt: z.number(),
    tasks: z.array(ReportTaskRowSchema),
    totals: z.object({
      tasks: z.number().int(),
      merged: z.number().int(),
      tokens: z.number(),
      costUsd: z.number(),
      costUnknown: z.boolean(),
      gatePassRate: z.number().nullable(),
      /** The cycle's wall time: first start to when the run settled (to now while tasks still move). */
      wallMs: z.number().nullable(),
      /** Whether the run has settled (no task still moving on its own). */
      settled: z.boolean(),
    }),
    byState: z.record(z.string(), z.number().int()),
    /** The fleet's spend caps and the running tasks' forecast, when the report knows them. */
    spend: SpendSummarySchema.optional(),
    /** The same report as Markdown (what `grove report` prints), when the server renders it. */
    markdown: z.string().optional(),
  }),
);
export type ReportView = z.infer<typeof ReportViewSchema>;

const taskRef = { taskId: z.string().min(1) };
/** Everything the lead can do from the page. */
export const DashboardActionSchema = lazySchema(() =>
  z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('pause'), ...taskRef }),
    z.strictObject({
      kind: z.literal('resume'),
      ...taskRef,
      /** Tokens added to the task's budget before it resumes. */
      addTokens: z.number().int().nonnegative().optional(),
    }),
    z.strictObject({ kind: z.literal('stop'), ...taskRef }),
    z.strictObject({ kind: z.literal('retry'), ...taskRef }),
    z.strictObject({ kind: z.literal('reassign'), ...taskRef, agent: z.string().min(1).optional() }),
    z.strictObject({ kind: z.literal('abandon'), ...taskRef }),
    z.strictObject({ kind: z.literal('approve-scope'), ...taskRef, paths: z.array(z.string()).optional() }),
    z.strictObject({ kind: z.literal('enqueue'), ...taskRef }),
    /** `grove approve`: for the task's branch tip, which must be the commit its gates passed on. */
    z.strictObject({ kind: z.literal('approve'), ...taskRef, message: z.string().optional() }),
    /** `grove request-changes`: the message and comments on lines of the new side of the diff. */
    z.strictObject({
      kind: z.literal('request-changes'),
      ...taskRef,
      message: z.string(),
      comments: z
        .array(
          z.strictObject({
            file: z.string().min(1),
            line: z.number().int(),
            text: z.string().optional(),
          }),
        )
        .optional(),
      /** `--lesson`: each comment (else the message) also becomes a learning proposal. */
      lesson: z.boolean().optional(),
    }),
    /** `grove discard`: drop the task's changes to these files (committed on its branch; gates rerun). */
    z.strictObject({
      kind: z.literal('discard'),
      ...taskRef,
      files: z.array(z.string().min(1)).min(1),
      message: z.string().optional(),
    }),
    /** `grove plan --approve`: every task spec as it is on disk now (config `review.plan`). */
    z.strictObject({ kind: z.literal('approve-plan') }),
    z.strictObject({ kind: z.literal('learning-accept'), id: z.string().min(1) }),
    z.strictObject({ kind: z.literal('learning-edit'), id: z.string().min(1), entry: z.string().min(1) }),
    z.strictObject({ kind: z.literal('learning-reject'), id: z.string().min(1) }),
    /**
     * Merge a proposal into another one (`grove retro`'s m: one proposal with both pieces of evidence,
     * in `entry`'s words when given) or into an AGENTS.md entry (`grove retro --merge --into`: accepted
     * as `entry`, default the entry's own text; the old entry retired).
     */
    z.strictObject({
      kind: z.literal('learning-merge'),
      id: z.string().min(1),
      into: z.union([
        z.strictObject({ proposal: z.string().min(1) }),
        z.strictObject({ agentsMd: z.string().min(1) }),
      ]),
      entry: z.string().min(1).optional(),
    }),
    /** `grove retro --retire`: remove an entry from AGENTS.md (its text as the file has it). */
    z.strictObject({ kind: z.literal('agents-md-retire'), entry: z.string().min(1) }),
  ]),
);
export type DashboardAction = z.infer<typeof DashboardActionSchema>;

export const ActionResultSchema = lazySchema(() =>
  z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('done'),
      message: z.string(),
      taskId: z.string().optional(),
      state: TaskStateSchema.optional(),
    }),
    /** The action does not apply now (e.g. pausing a merged task); nothing changed. */
    z.object({
      kind: z.literal('refused'),
      message: z.string(),
      /** The error code the CLI would exit with for the same refusal (STATE_INVALID, USAGE, ...). */
      code: z.string().optional(),
      hint: z.string().optional(),
    }),
  ]),
);
export type ActionResult = z.infer<typeof ActionResultSchema>;

/** Every error response body. */
export const ApiErrorSchema = lazySchema(() =>
  z.object({
    error: z.object({ code: z.string(), message: z.string(), hint: z.string().optional() }),
  }),
);
export type ApiError = z.infer<typeof ApiErrorSchema>;

/** The SSE event names on /api/events. */
export const SSE_JOURNAL = 'journal';
/** Header, and cookie name prefix (`grove_token_<port>`), carrying the token after the first `?token=` load. */
export const TOKEN_HEADER = 'x-grove-token';
export const TOKEN_COOKIE = 'grove_token';

// The review page's bodies (/api/review…) live in their own file.
export * from './api-review.js';
