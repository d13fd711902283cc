import { z } from 'zod';
import { HostsSchema } from './config-hosts.js';
import { SandboxConfigSchema } from './config-sandbox.js';
import { DurationSchema } from './duration.js';

/**
 * `.grove/config.yaml`. Every key has a default, so an empty file is a valid config.
 * A command is either a string (run by `sh -c` in the worktree: the user's own shell line, grove puts
 * nothing into it) or an argument array (run directly).
 */
export const CommandSchema = z.union([z.string().min(1), z.array(z.string()).min(1)]);
export type Command = z.infer<typeof CommandSchema>;

export const GateSchema = z.union([
  CommandSchema,
  z.strictObject({ run: CommandSchema, timeout: DurationSchema.default(600_000) }),
]);

export const ADAPTER_KINDS = ['claude', 'codex', 'gemini', 'command', 'scripted', 'copilot'] as const;
export const AdapterKindSchema = z.enum(ADAPTER_KINDS);
export type AdapterKind = z.infer<typeof AdapterKindSchema>;

export const AgentDefinitionSchema = z.strictObject({
  /** Which adapter drives this agent. */
  adapter: AdapterKindSchema,
  /** The executable: a name on PATH or a path. Defaults per adapter (claude, codex, gemini). */
  bin: z.string().optional(),
  /** Extra arguments added to the adapter's own. */
  args: z.array(z.string()).default([]),
  /** Extra environment for the agent process. */
  env: z.record(z.string(), z.string()).default({}),
  model: z.string().optional(),
  /** Claude: acceptEdits (default), bypassPermissions, ...; Codex: sandbox mode. */
  permission_mode: z.string().optional(),
  /** command adapter: pass the prompt as the last argument (default) or on stdin. */
  prompt_via: z.enum(['arg', 'stdin']).default('arg'),
  /** scripted adapter: the script file, relative to the repository root. */
  script: z.string().optional(),
  /** copilot adapter (a cloud agent): the GitHub repository, owner/name (default: the one gh infers). */
  repo: z
    .string()
    .regex(/^[\w.-]+\/[\w.-]+$/, 'write the repository as owner/name')
    .optional(),
  /** copilot adapter: the git remote its pull requests are fetched from (default origin). */
  remote: z.string().min(1).optional(),
  /** copilot adapter: the branch on the service its pull request starts from (default: the repository's default branch). */
  base: z.string().min(1).optional(),
  /** copilot adapter: seconds between status polls (default 30). */
  poll_seconds: z.number().positive().optional(),
  /** A host from config `hosts` this agent's tasks run on (a task's own `host` comes first). */
  host: z.string().min(1).optional(),
  /** Run this agent sandboxed (src/shared/config-sandbox.ts); a task file's own `sandbox` comes first. */
  sandbox: SandboxConfigSchema.optional(),
});
export type AgentDefinition = z.infer<typeof AgentDefinitionSchema>;

/** USD per million tokens of one model, for agents that report no cost (config `prices`). */
export const ModelPriceSchema = z.strictObject({
  input_per_mtok: z.number().nonnegative(),
  output_per_mtok: z.number().nonnegative(),
  /** Default: the input price. */
  cache_write_per_mtok: z.number().nonnegative().optional(),
  /** Default: the input price. */
  cache_read_per_mtok: z.number().nonnegative().optional(),
});
export type ModelPrice = z.infer<typeof ModelPriceSchema>;

/** The budget of one role (config `budgets.roles.<name>`): tokens, dollars or both. */
export const RoleBudgetSchema = z.strictObject({
  tokens: z.number().int().positive().optional(),
  usd: z.number().positive().optional(),
});
export type RoleBudget = z.infer<typeof RoleBudgetSchema>;

export const ConfigSchema = z.strictObject({
  /** Branch tasks start from and merge into. Default: the repository's default branch. */
  base: z.string().min(1).optional(),
  /** How many tasks may have an agent running at once. */
  wip: z.number().int().min(1).max(64).default(3),
  /**
   * Let tasks whose `owns` overlap run at the same time. Off by default: the scheduler runs them in turn
   * (one starts once the other is merged, from a base that contains it; src/core/scheduler/overlap.ts).
   * On: conflict prediction warns and the merge queue sorts out the conflicts.
   */
  run_overlapping: z.boolean().default(false),
  /** Where worktrees go, relative to the repository root. `{repo}` and `{id}` are replaced. */
  worktree_path: z.string().min(1).default('../{repo}.grove/{id}'),
  /** Ignored files to copy into every new worktree (globs), besides those in `.worktreeinclude`. */
  copy: z.array(z.string()).default([]),
  /** Per-task `GROVE_PORT` values are taken from this range. */
  ports: z
    .strictObject({ from: z.number().int().min(1024).max(65535), to: z.number().int().min(1024).max(65535) })
    .default({ from: 4100, to: 4999 }),
  hooks: z
    .strictObject({
      /** Runs before the agent starts, in the worktree; failure marks the task failed. */
      pre_start: CommandSchema.optional(),
      /** Runs in the background after the agent starts; output goes to a log. */
      post_start: CommandSchema.optional(),
      timeout: DurationSchema.default(600_000),
    })
    .default({ timeout: 600_000 }),
  /** Named gate commands run in the worktree after every attempt, in order. */
  gates: z.record(z.string().regex(/^[a-z][a-z0-9_-]*$/), GateSchema).default({}),
  /** Commit leftover uncommitted work before the `committed` gate (message names the task). */
  commit_leftovers: z.boolean().default(true),
  /** The agent tasks use when their spec names none. */
  default_agent: z.string().default('scripted'),
  /**
   * Agents by name. `claude`, `codex`, `gemini` and `scripted` exist without being listed (each with
   * its own adapter and defaults); an entry here with one of those names overrides it.
   */
  agents: z.record(z.string().regex(/^[a-z][a-z0-9_-]*$/), AgentDefinitionSchema).default({}),
  attempts: z
    .strictObject({
      timeout: DurationSchema.default(3_600_000),
      kill_grace: DurationSchema.default(10_000),
      /** Bytes of agent output kept per stream before rotation. */
      output_cap: z
        .number()
        .int()
        .min(65_536)
        .default(50 * 1024 * 1024),
      /**
       * How much lower than grove the agents run (nice 0–19, applied to each attempt's session): busy
       * agents then cannot starve the grove process that reads and stores their output. 0 keeps them equal.
       */
      nice: z.number().int().min(0).max(19).default(10),
    })
    .default({ timeout: 3_600_000, kill_grace: 10_000, output_cap: 50 * 1024 * 1024, nice: 10 }),
  budgets: z
    .strictObject({
      /** Default per-task token budget (input + output + cache writes). */
      tokens: z.number().int().positive().default(2_000_000),
      /** Fraction of the budget at which the agent is paused and the lead notified. */
      pause_at: z.number().gt(0).max(1).default(0.85),
      /** Default per-task dollar budget (none: tasks are held to their tokens only). */
      usd: z.number().positive().optional(),
      /** Dollars the whole fleet may spend in the current cycle; at the cap no new agent session starts. */
      usd_per_cycle: z.number().positive().optional(),
      /** Dollars the whole fleet may spend per calendar day (local time); at the cap no new session starts. */
      usd_per_day: z.number().positive().optional(),
      /** Budgets per role (a task's `role`): between the task's own `budget` and the defaults above. */
      roles: z.record(z.string().regex(/^[a-z][a-z0-9_-]*$/), RoleBudgetSchema).default({}),
    })
    .default({ tokens: 2_000_000, pause_at: 0.85, roles: {} }),
  /**
   * Prices per model, used only for an agent attempt that reported no cost of its own (Codex, Gemini):
   * keyed by the model the agent reported, else the agent's configured `model`. They override grove's
   * defaults for common models (src/core/cost-defaults.ts). Without a price such a cost is unknown,
   * never $0.00.
   */
  prices: z.record(z.string().min(1), ModelPriceSchema).default({}),
  stuck: z
    .strictObject({
      /** The same failure fingerprint this many times in a row means stuck. */
      repeats: z.number().int().min(2).default(3),
      /** No output for this long while running means stuck. */
      idle: DurationSchema.default(900_000),
      /** reassign: fresh session (or `fallback_agent`); block: wait for a person. */
      action: z.enum(['reassign', 'block']).default('reassign'),
      fallback_agent: z.string().optional(),
      /** Reassignments of a stuck task before it is blocked for a person. */
      max_reassign: z.number().int().min(0).default(1),
    })
    .default({ repeats: 3, idle: 900_000, action: 'reassign', max_reassign: 1 }),
  fix: z.strictObject({ max_iterations: z.number().int().min(0).default(3) }).default({ max_iterations: 3 }),
  queue: z
    .strictObject({
      /** local: grove merges into the base; pr: push and open a pull request with gh. */
      mode: z.enum(['local', 'pr']).default('local'),
      method: z.enum(['squash', 'rebase', 'merge']).default('squash'),
      /** A gate name or a command; default the `test` gate (no gate: nothing to run). */
      test: CommandSchema.optional(),
      /**
       * Speculative window to start with; `auto`: what the recent failure rate justifies (and at least
       * that after a failure), see src/core/queue/auto-window.ts.
       */
      window: z.union([z.literal('auto'), z.number().int().min(1)]).default('auto'),
      /** Most candidates tested at once; `auto`: from the cores and how the test ran in parallel so far. */
      parallel: z.union([z.literal('auto'), z.number().int().min(1)]).default('auto'),
      remote: z.string().default('origin'),
    })
    .default({ mode: 'local', method: 'squash', window: 'auto', parallel: 'auto', remote: 'origin' }),
  review: z
    .strictObject({
      /**
       * auto: a task whose gates pass joins the merge queue; required: it waits in `review` until a
       * person approves it (`grove approve`, for the commit reviewed) or requests changes.
       */
      code: z.enum(['auto', 'required']).default('auto'),
      /**
       * auto: tasks start as soon as they are ready; required: no agent starts on a task until a person
       * approves the plan (`grove plan --approve`), and a spec changed or added after the approval waits
       * for the next one.
       */
      plan: z.enum(['auto', 'required']).default('auto'),
      /**
       * true: each task's agent first writes an implementation plan without editing (a plan-only turn);
       * it waits in `review` until a person approves it (the same session implements it) or requests
       * changes (the same session revises it). A task's `agent_plan` overrides this.
       */
      agent_plan: z.boolean().default(false),
    })
    .default({ code: 'auto', plan: 'auto', agent_plan: false }),
  /** Keep AGENTS.md short: human-curated context helps agents, a long one costs more and helps less. */
  agents_md: z
    .strictObject({
      /** Lines in the whole file; `grove retro` warns past it and offers retiring entries. */
      max_lines: z.number().int().positive().default(100),
      /** Bullet entries per `##` section. */
      max_entries_per_section: z.number().int().positive().default(20),
    })
    .default({ max_lines: 100, max_entries_per_section: 20 }),
  /** The compound phase: lessons gathered from each cycle for a person to curate. */
  compound: z
    .strictObject({
      /**
       * At the end of a task whose gates passed, ask the same agent session, in a read-only final turn,
       * for the one thing the next agent should know; its answer becomes a lesson candidate (source
       * `reflection`). Only for agents that can run a read-only turn (not the command adapter). A turn that
       * fails or times out yields no candidate and never holds the task.
       */
      reflect: z.boolean().default(true),
      /** How long the reflection turn may take before it is stopped (it then yields no candidate). */
      reflect_timeout: DurationSchema.default(120_000),
    })
    .default({ reflect: true, reflect_timeout: 120_000 }),
  notify: z
    .strictObject({
      /** A command run for every notification, with the notification as JSON on stdin. */
      command: CommandSchema.optional(),
      /** A URL that receives every notification as a JSON POST body. */
      webhook: z.url({ protocol: /^https?$/ }).optional(),
      /**
       * An ntfy topic URL (`https://ntfy.sh/<topic>`, or a self-hosted server) that gets a push for every
       * notification that needs a person (review, budget, spend-cap, stuck, blocked, conflict, failed, done), with a
       * link to the task's dashboard page: the ntfy app puts it on your phone.
       */
      ntfy: z.url({ protocol: /^https?$/ }).optional(),
      /** A desktop notification (notify-send / osascript) for every notification that needs a person. */
      desktop: z.boolean().default(false),
      /** Also ring the terminal bell in `grove run`. */
      bell: z.boolean().default(false),
    })
    .default({ bell: false, desktop: false }),
  dashboard: z
    .strictObject({
      port: z.number().int().min(0).max(65535).default(7777),
      host: z.string().default('127.0.0.1'),
    })
    .default({ port: 7777, host: '127.0.0.1' }),
  /** Machines agents may run on, by name, reached over SSH (src/shared/config-hosts.ts). */
  hosts: HostsSchema,
});
export type Config = z.infer<typeof ConfigSchema>;
export type GateDefinition = z.infer<typeof GateSchema>;
