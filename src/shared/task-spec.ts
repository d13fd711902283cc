import { z } from 'zod';
import { CommandSchema } from './config.js';
import { SandboxConfigSchema } from './config-sandbox.js';

export const TASK_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** The most attempts one best-of task may ask for. */
export const BEST_OF_MAX = 8;

/** The YAML front matter of `.grove/tasks/<id>.md`. */
export const TaskFrontMatterSchema = z.strictObject({
  /** Must equal the file name without `.md`: lowercase letters, digits and dashes. */
  id: z.string().regex(TASK_ID_PATTERN, 'use lowercase letters, digits and dashes, e.g. "add-login"'),
  title: z.string().min(1),
  /** Globs of the paths this task may change. */
  owns: z.array(z.string().min(1)).min(1),
  /** Globs of paths the agent should read for context. */
  reads: z.array(z.string().min(1)).default([]),
  depends_on: z.array(z.string()).default([]),
  /** An agent name from config `agents`; default `agents.default`. */
  agent: z.string().optional(),
  /** A role from config `budgets.roles`: its budget applies where the task's own `budget` sets none. */
  role: z.string().optional(),
  budget: z
    .strictObject({ tokens: z.number().int().positive().optional(), usd: z.number().positive().optional() })
    .optional(),
  /** Commands that prove the task done, run as gates in the worktree. */
  accept: z.array(CommandSchema).default([]),
  /** Higher runs first among ready tasks. */
  priority: z.number().int().default(0),
  /** The agent writes a plan for review before it edits anything; default config `review.agent_plan`. */
  agent_plan: z.boolean().optional(),
  /**
   * Best-of-N: run this many attempts in parallel, each in its own worktree and branch (tasks
   * `<id>-try1` … `<id>-tryN`), gate each, rank them and keep one.
   */
  attempts: z.number().int().min(1).max(BEST_OF_MAX).optional(),
  /** Agents for the attempts, in order (cycled when fewer than `attempts`); default `agent`. */
  agents: z.array(z.string().min(1)).min(1).optional(),
  /** A host from config `hosts`: the task's agent runs there (default: the agent's `host`, else here). */
  host: z.string().min(1).optional(),
  /** Run this task's agent sandboxed (default: the agent's `sandbox`); see src/shared/config-sandbox.ts. */
  sandbox: SandboxConfigSchema.optional(),
});
export type TaskFrontMatter = z.infer<typeof TaskFrontMatterSchema>;

/** A parsed task file: front matter plus the Markdown body (goal and acceptance criteria). */
export interface TaskSpec extends TaskFrontMatter {
  body: string;
  /** Path of the file, relative to the repository root. */
  file: string;
  /** Set on the attempts a best-of task file expands to (src/core/best-of/expand.ts). */
  bestOf?: BestOfMember;
}

/** One attempt of a best-of task: `group` is the task file's id, `index` counts from 1. */
export interface BestOfMember {
  group: string;
  index: number;
  of: number;
}
