// The journal's events (the `events` table): one zod schema per event type, and their union. Writers
// build a `JournalEvent` ({type, data}); readers get it back parsed (see parseJournalEvent). The JSON on
// disk is exactly `data`, so databases written before this file existed read unchanged.
import { z } from 'zod';
import { AgentEventSchema } from './agent-event.js';
import { lazySchema } from './lazy-schema.js';
import { TaskStateSchema } from './task-state.js';

/**
 * A task's state transition. `from`, `to` and `cause` always; the extras say who asked and what the
 * next step should do. The set of extras is open (a move may carry what its caller knows, e.g. a
 * hook's output or a stuck reason): unknown keys are kept as they are, the known ones are typed. A
 * known extra of the wrong type reads as absent rather than making the whole transition unreadable,
 * so a task's state history never loses a move over an extra.
 */
export const StateEventDataSchema = lazySchema(() =>
  z.looseObject({
    from: TaskStateSchema.nullable(),
    to: TaskStateSchema,
    cause: z.string(),
    /** Who moved it: 'lead', 'cli', 'dashboard', 'loop'. */
    by: z.string().optional().catch(undefined),
    /** The lead action that moved it (pause, resume, retry, approve-scope, ...). */
    action: z.string().optional().catch(undefined),
    /** A move to `ready`: start a fresh session (not the paused one). */
    fresh: z.boolean().optional().catch(undefined),
    /** A move to `ready`: continue the agent's previous session. */
    resume: z.boolean().optional().catch(undefined),
    /** A move to `ready`: the next attempt is a reassignment. */
    reassign: z.boolean().optional().catch(undefined),
    /** The next agent (reassignment to a fallback). */
    agent: z.string().optional().catch(undefined),
    /** What kind of move: `fix` / `conflict` for a send-back, `budget`, `scope-expansion`, ... */
    kind: z.string().optional().catch(undefined),
    /** The gate whose failure sent the task back (a move to `fixing`). */
    gate: z.string().optional().catch(undefined),
    /** A token budget a person set on the move (resume with a new budget). */
    budget: z.number().optional().catch(undefined),
    /** A send-back: what failed (`gate`, `queue`, `conflict`), its error fingerprint, the iteration. */
    source: z.string().optional().catch(undefined),
    fingerprint: z.string().optional().catch(undefined),
    iteration: z.number().optional().catch(undefined),
    attemptId: z.number().optional().catch(undefined),
    paths: z.array(z.string()).optional().catch(undefined),
    /** A move out of `review`: the review (its row in `reviews`) that decided it. */
    reviewId: z.number().optional().catch(undefined),
    /** A move to `review`: what waits for review, the code (default) or the agent's plan (`agent_plan`). */
    subject: z.enum(['code', 'plan']).optional().catch(undefined),
    /** A discard in review (kind `review-discard`): the files whose changes the reviewer dropped. */
    files: z.array(z.string()).optional().catch(undefined),
  }),
);
export type StateEventData = z.infer<typeof StateEventDataSchema>;
/** What a caller of TaskStore.transition may add to the state event. */
export type StateEventExtras = Omit<StateEventData, 'from' | 'to' | 'cause'>;

export const AgentJournalDataSchema = lazySchema(() =>
  z.object({
    attemptId: z.number().int(),
    stream: z.enum(['stdout', 'stderr']),
    event: AgentEventSchema,
  }),
);

const AttemptEventDataSchema = lazySchema(() =>
  z.discriminatedUnion('phase', [
    z.object({
      phase: z.literal('started'),
      attemptId: z.number().int(),
      n: z.number().int(),
      kind: z.string(),
      agent: z.string(),
      adapter: z.string(),
      /** The config host it runs on; absent: this machine. */
      host: z.string().optional(),
    }),
    z.object({
      phase: z.literal('ended'),
      attemptId: z.number().int(),
      n: z.number().int(),
      exitCode: z.number().int().nullable(),
      signal: z.string().nullable(),
      outcome: z.string(),
    }),
  ]),
);

const GateEventDataSchema = lazySchema(() =>
  z.object({
    gateRunId: z.number().int(),
    task_id: z.string(),
    attempt_id: z.number().int().nullable(),
    gate: z.string(),
    command: z.string(),
    ok: z.boolean(),
    exit_code: z.number().int().nullable(),
    timed_out: z.boolean(),
    duration_ms: z.number(),
    output_path: z.string().nullable(),
    fingerprint: z.string().nullable(),
    commit_sha: z.string().nullable().optional(),
  }),
);

const QueueCandidateSchema = lazySchema(() =>
  z.object({
    size: z.number().int(),
    tasks: z.array(z.string()),
    commit: z.string().nullable(),
    outcome: z.enum(['pass', 'fail', 'conflict', 'untested']),
  }),
);

const QueueEventDataSchema = lazySchema(() =>
  z.discriminatedUnion('phase', [
    z.object({ phase: z.literal('enqueued') }),
    z.object({
      phase: z.enum(['merged', 'rejected', 'removed']),
      result: z.string(),
      commit: z.string().nullable(),
      detail: z.string().nullable(),
    }),
    z.object({
      phase: z.literal('round'),
      round: z.number().int(),
      window: z.number().int(),
      baseBefore: z.string(),
      baseAfter: z.string().nullable(),
      candidates: z.array(QueueCandidateSchema),
      note: z.string().nullable(),
    }),
  ]),
);

const ConflictEventDataSchema = lazySchema(() =>
  z.object({
    /** `moved`: the task ↔ task conflict is now one side's against the base (`movedTo`): the other landed. */
    phase: z.enum(['new', 'resolved', 'moved']),
    a: z.string(),
    b: z.string(),
    against: z.string(),
    files: z.array(z.string()),
    movedTo: z.object({ a: z.string(), b: z.string(), against: z.string() }).optional(),
  }),
);

const NotifyEventDataSchema = lazySchema(() =>
  z.object({
    notificationId: z.number().int(),
    kind: z.string(),
    message: z.string(),
  }),
);

const LockEventDataSchema = lazySchema(() =>
  z.object({
    name: z.string(),
    phase: z.literal('taken-over'),
    from: z.object({ pid: z.number().int(), info: z.string().nullable() }),
    to: z.object({ pid: z.number().int() }),
  }),
);

const WorkspaceEventDataSchema = lazySchema(() =>
  z.discriminatedUnion('action', [
    z.object({
      action: z.literal('created'),
      worktree: z.string(),
      branch: z.string(),
      base: z.string(),
      baseOid: z.string(),
      port: z.number().int().nullable(),
      copied: z.object({ files: z.number(), symlinks: z.number(), method: z.string().nullable() }),
      ms: z.number(),
    }),
    z.object({ action: z.literal('restored'), backup: z.string(), worktree: z.string(), branch: z.string() }),
    z.object({
      action: z.literal('cleaned'),
      worktree: z.string().nullable(),
      branch: z.string(),
      backup: z.string().nullable(),
    }),
  ]),
);

/** The merge queue and the user's checkout of the base (src/app/queue/checkout-hold.ts). */
const CheckoutEventDataSchema = lazySchema(() =>
  z.discriminatedUnion('phase', [
    /** Integration waits: the checkout of `base` at `path` has uncommitted changes to `files`. */
    z.object({
      phase: z.literal('held'),
      base: z.string(),
      path: z.string(),
      files: z.array(z.string()),
      message: z.string(),
    }),
    /** The checkout is clean again (or no longer holds the base): integration goes on. */
    z.object({ phase: z.literal('resumed'), base: z.string(), path: z.string().nullable() }),
  ]),
);

/** The base branch moved by someone other than the merge queue (src/app/queue/base-guard.ts). */
const BaseEventDataSchema = lazySchema(() =>
  z.discriminatedUnion('phase', [
    /** Integration stops: `base` is at `actual`, not where grove left it (`recorded`). */
    z.object({
      phase: z.literal('held'),
      base: z.string(),
      recorded: z.string(),
      actual: z.string(),
      message: z.string(),
    }),
    /** grove takes `to` as the base's tip: commits on top (advanced), put back (restored), or the lead said so. */
    z.object({
      phase: z.literal('accepted'),
      base: z.string(),
      from: z.string(),
      to: z.string(),
      how: z.enum(['advanced', 'restored', 'lead']),
      message: z.string(),
    }),
  ]),
);

/**
 * grove setting its state right from git (src/app/queue/reconcile.ts, src/app/recover/): a task whose
 * `Grove-Task` trailer is already on the base is merged, not integrated again; a checkout left behind
 * its branch by a crash is brought along; a lost database is rebuilt from the task files and git.
 */
const ReconcileEventDataSchema = lazySchema(() =>
  z.discriminatedUnion('phase', [
    z.object({
      phase: z.literal('merged-on-base'),
      base: z.string(),
      commit: z.string(),
      attempt: z.number().int(),
      from: TaskStateSchema,
      message: z.string(),
    }),
    z.object({
      phase: z.literal('checkout-caught-up'),
      base: z.string(),
      path: z.string(),
      from: z.string(),
      to: z.string(),
      message: z.string(),
    }),
    z.object({
      phase: z.literal('rebuilt'),
      state: TaskStateSchema,
      branch: z.string().nullable(),
      commit: z.string().nullable(),
      message: z.string(),
    }),
  ]),
);

/** Each event type's schema (`{type, data}`), for a reader that parses one type: it builds just that one. */
const eventSchemas = new Map<string, z.ZodType>();

const event = <T extends string, D extends z.ZodType>(type: T, data: () => D) => {
  const schema = lazySchema(() => z.object({ type: z.literal(type), data: data() }));
  eventSchemas.set(type, schema);
  return schema;
};

const EVENTS = [
  event('state', () => StateEventDataSchema),
  event('agent', () => AgentJournalDataSchema),
  event('attempt', () => AttemptEventDataSchema),
  event('gate', () => GateEventDataSchema),
  event('queue', () => QueueEventDataSchema),
  event('conflict', () => ConflictEventDataSchema),
  event('notify', () => NotifyEventDataSchema),
  event('lock', () => LockEventDataSchema),
  event('workspace', () => WorkspaceEventDataSchema),
  event('checkout', () => CheckoutEventDataSchema),
  event('base', () => BaseEventDataSchema),
  event('reconcile', () => ReconcileEventDataSchema),
  /** Paths the agent changed outside its `owns` (the run loop's scope watch). */
  event('scope', () => z.object({ paths: z.array(z.string()), owns: z.array(z.string()) })),
  /** Paths a person allowed beyond `owns` (grove approve-scope). */
  event('scope-approval', () => z.object({ paths: z.array(z.string()), by: z.string() })),
  /**
   * The task's spec approved as part of the plan (config `review.plan`: grove plan --approve, the
   * dashboard): new to the plan, or changed since the approval before.
   */
  event('plan-approval', () =>
    z.object({
      approvalId: z.number().int(),
      by: z.string(),
      file: z.string(),
      hash: z.string(),
      was: z.enum(['new', 'changed']),
    }),
  ),
  /**
   * A person's lesson on a task (grove note), or a reviewer's comment marked as one (`grove
   * request-changes --lesson`, `review`: the review and the line it was on).
   */
  event('note', () =>
    z.object({
      text: z.string(),
      review: z
        .object({
          reviewId: z.number().int(),
          file: z.string().optional(),
          line: z.number().int().optional(),
        })
        .optional(),
    }),
  ),
  /** An entry a person retired from AGENTS.md (grove retro --retire or --merge, the dashboard). */
  event('agents-md', () => z.object({ retired: z.string(), by: z.string() })),
  /**
   * The agent's own reflection at the end of a task (config `compound.reflect`): the read-only final
   * turn grove ran in the same session after the attempt's gates passed. `rule`: the one line it gave,
   * kept as a lesson candidate; `none`: it had nothing to add, or its answer was not a rule; `failed`:
   * the turn failed or timed out (the task went on regardless).
   */
  event('reflection', () =>
    z.object({
      attemptId: z.number().int(),
      n: z.number().int(),
      agent: z.string(),
      outcome: z.enum(['rule', 'none', 'failed']),
      rule: z.string().optional(),
      /** The agent's final message, as it wrote it (trimmed). */
      words: z.string().optional(),
      /** Why there is no rule (outcome none or failed). */
      reason: z.string().optional(),
      tokens: z.number().int().nonnegative(),
      ms: z.number().nonnegative(),
    }),
  ),
  /**
   * Every attempt of a best-of task (spec `attempts`) settled and grove ranked them, best first
   * (src/core/best-of/rank.ts). `pick`: the one grove chose (every check passed); `fix`: none passed,
   * this one went to the fix loop; `abandon`: given up; `review`: passed too and waits beside the pick
   * for a person. `refs`: each attempt's branch tip, kept as refs/grove/best-of/<group>/<attempt>.
   */
  event('best-of', () =>
    z.object({
      group: z.string(),
      ranked: z.array(
        z.object({
          id: z.string(),
          rank: z.number().int(),
          passes: z.boolean(),
          why: z.string(),
          gatesPassed: z.number().int(),
          gatesTotal: z.number().int(),
          acceptPassed: z.number().int(),
          acceptTotal: z.number().int(),
          diffLines: z.number().int(),
          tokens: z.number(),
          costUsd: z.number().optional(),
          durationMs: z.number(),
        }),
      ),
      pick: z.string().optional(),
      fix: z.string().optional(),
      abandon: z.array(z.string()),
      review: z.array(z.string()),
      refs: z.record(z.string(), z.string()),
    }),
  ),
  /** A learning proposal decided (grove retro, the dashboard): accepted, edited or rejected. */
  event('learning', () =>
    z.object({
      id: z.string(),
      status: z.string(),
      entry: z.string().optional().catch(undefined),
      by: z.string().optional().catch(undefined),
      /** Merged into this other proposal (its evidence joined that one's). */
      into: z.string().optional().catch(undefined),
    }),
  ),
] as const;

export const JournalEventSchema = lazySchema(() => z.discriminatedUnion('type', EVENTS));
/** Every event the journal holds, keyed on `type`. */
export type JournalEvent = z.infer<typeof JournalEventSchema>;
export type JournalEventType = JournalEvent['type'];
/** The data of one event type: `JournalData<'scope'>` is `{paths, owns}`. */
export type JournalData<T extends JournalEventType> = Extract<JournalEvent, { type: T }>['data'];

/**
 * A stored row that is not a valid `JournalEvent` (edited by hand, written by another grove version, or
 * a type this version does not know). Readers keep it rather than crash or silently drop it: `grove
 * events` and the dashboard show it as unreadable, and every reader that looks for a type skips it.
 */
export interface UnreadableJournalEvent {
  type: 'unreadable';
  data: { storedType: string; raw: string; reason: string };
}

export type ReadJournalEvent = JournalEvent | UnreadableJournalEvent;

/** Parses one stored row's type and JSON text back into a typed event (never throws). */
export function parseJournalEvent(type: string, raw: string): ReadJournalEvent {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { type: 'unreadable', data: { storedType: type, raw, reason: 'data is not JSON' } };
  }
  // Just this type's schema (one member of the union, so the same answer), built on its first row.
  const parsed = (eventSchemas.get(type) ?? JournalEventSchema).safeParse({ type, data: json });
  if (parsed.success) return parsed.data as JournalEvent;
  const reason = parsed.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(row)'}: ${i.message}`)
    .join('; ');
  return { type: 'unreadable', data: { storedType: type, raw, reason } };
}
