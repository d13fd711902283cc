import { z } from 'zod';

/**
 * The scripted agent's script file (YAML or JSON), documented in docs/scripted-agent.md.
 * A step is an object with at most one action key, plus optional `say` (text in the same message)
 * and `usage` (the tokens that message reports). Steps that are only `say` or only `usage` are
 * messages of their own.
 */
export const UsageSpecSchema = z.strictObject({
  input: z.number().int().nonnegative().default(0),
  output: z.number().int().nonnegative().default(0),
  cache_read: z.number().int().nonnegative().default(0),
  cache_write: z.number().int().nonnegative().default(0),
});
export type UsageSpec = z.infer<typeof UsageSpecSchema>;

const PathSchema = z.string().min(1);

export const ResultSpecSchema = z.strictObject({
  status: z.enum(['completed', 'blocked', 'scope_expansion']).default('completed'),
  summary: z.string().default('Done.'),
  learnings: z.array(z.string()).default([]),
  paths: z.array(z.string()).optional(),
  reason: z.string().optional(),
  /** Text before the JSON block in the final message. */
  text: z.string().optional(),
  /** Leave the JSON block out (to test a missing result contract). */
  omit_block: z.boolean().default(false),
  /** Mark the `result` line as an error (`is_error: true`, subtype `error_during_execution`). */
  is_error: z.boolean().default(false),
  /** Exit code after the result line. */
  exit_code: z.number().int().min(0).max(255).default(0),
});
export type ResultSpec = z.infer<typeof ResultSpecSchema>;

const WriteSchema = z.strictObject({ path: PathSchema, content: z.string() });
const EditSchema = z.strictObject({
  path: PathSchema,
  find: z.string().min(1),
  replace: z.string(),
  all: z.boolean().default(false),
});
const RunSchema = z.union([
  z.array(z.string()).min(1),
  z.strictObject({ argv: z.array(z.string()).min(1), timeout_ms: z.number().int().positive().optional() }),
]);
const CommitSchema = z.union([z.string().min(1), z.strictObject({ message: z.string().min(1) })]);
const ErrorSchema = z.union([
  z.string().min(1),
  z.strictObject({ message: z.string().min(1), stream: z.enum(['stdout', 'stderr']).default('stdout') }),
]);
const FloodSchema = z.strictObject({
  bytes: z.number().int().positive(),
  stream: z.enum(['stdout', 'stderr']).default('stdout'),
  /** json: assistant text lines of one message; raw: plain text lines. */
  format: z.enum(['json', 'raw']).default('json'),
  line_bytes: z.number().int().min(16).max(1_000_000).default(1000),
});

export interface Step {
  say?: string | undefined;
  usage?: UsageSpec | undefined;
  write?: z.infer<typeof WriteSchema> | undefined;
  edit?: z.infer<typeof EditSchema> | undefined;
  append?: z.infer<typeof WriteSchema> | undefined;
  delete?: string | undefined;
  run?: z.infer<typeof RunSchema> | undefined;
  commit?: z.infer<typeof CommitSchema> | undefined;
  error?: z.infer<typeof ErrorSchema> | undefined;
  exit?: number | undefined;
  sleep?: number | undefined;
  hang?: true | undefined;
  ignore_sigterm?: true | undefined;
  flood?: z.infer<typeof FloodSchema> | undefined;
  result?: ResultSpec | undefined;
  /** Ends the run with this plan as the final message (a plan turn, `agent_plan`). */
  plan?: string | undefined;
  /** Ends the run with this text as the final message: the answer to grove's reflection turn. */
  reflect?: string | undefined;
  repeat?: { times: number; steps: Step[] } | undefined;
  /**
   * Reads a file (a Read tool call, as an agent reads AGENTS.md) and goes on with `then` when it
   * contains `contains`, else with `else`: how a script follows what the repository tells it.
   */
  read?:
    | { path: string; contains?: string | undefined; then?: Step[] | undefined; else?: Step[] | undefined }
    | undefined;
}

export const ACTION_NAMES = [
  'write',
  'edit',
  'append',
  'delete',
  'run',
  'commit',
  'error',
  'exit',
  'sleep',
  'hang',
  'ignore_sigterm',
  'flood',
  'result',
  'plan',
  'reflect',
  'repeat',
  'read',
] as const;

export const StepSchema: z.ZodType<Step, unknown> = z.lazy(() =>
  z
    .strictObject({
      say: z.string().optional(),
      usage: UsageSpecSchema.optional(),
      write: WriteSchema.optional(),
      edit: EditSchema.optional(),
      append: WriteSchema.optional(),
      delete: PathSchema.optional(),
      run: RunSchema.optional(),
      commit: CommitSchema.optional(),
      error: ErrorSchema.optional(),
      exit: z.number().int().min(0).max(255).optional(),
      sleep: z.number().int().nonnegative().optional(),
      hang: z.literal(true).optional(),
      ignore_sigterm: z.literal(true).optional(),
      flood: FloodSchema.optional(),
      result: ResultSpecSchema.optional(),
      plan: z.string().min(1).optional(),
      reflect: z.string().min(1).optional(),
      repeat: z
        .strictObject({ times: z.number().int().min(0).max(1_000_000), steps: z.array(StepSchema) })
        .optional(),
      read: z
        .strictObject({
          path: PathSchema,
          contains: z.string().min(1).optional(),
          then: z.array(StepSchema).optional(),
          else: z.array(StepSchema).optional(),
        })
        .optional(),
    })
    .superRefine((step, ctx) => {
      const actions = ACTION_NAMES.filter((k) => step[k] !== undefined);
      if (actions.length > 1) {
        ctx.addIssue({
          code: 'custom',
          message: `a step has one action, found ${actions.join(' and ')}; split it into two steps`,
        });
      }
      if (actions.length === 0 && step.say === undefined && step.usage === undefined) {
        ctx.addIssue({ code: 'custom', message: 'an empty step: give it an action, `say` or `usage`' });
      }
    }),
);

const StepsSchema = z.array(StepSchema);

/** Keys of `runs`: a run number ("2"), a range ("1-3"), from a number on ("4+"), or "default". */
export const RUN_KEY_PATTERN = /^(?:\d+|\d+-\d+|\d+\+|default)$/;

export const ScriptSchema = z.strictObject({
  /** Reported in `system/init` and on assistant messages. */
  model: z.string().default('scripted-sonnet'),
  /** USD per million tokens, for `total_cost_usd`. */
  price: z
    .strictObject({
      input: z.number().nonnegative().default(3),
      output: z.number().nonnegative().default(15),
      cache_read: z.number().nonnegative().default(0.3),
      cache_write: z.number().nonnegative().default(3.75),
    })
    .default({ input: 3, output: 15, cache_read: 0.3, cache_write: 3.75 }),
  /** Report `total_cost_usd` at the end; false: report none, as Codex and Gemini do. */
  report_cost: z.boolean().default(true),
  /** Usage of a message whose step names none. */
  default_usage: UsageSpecSchema.default({ input: 100, output: 20, cache_read: 0, cache_write: 0 }),
  /** The steps of every run without its own entry in `runs`. */
  steps: StepsSchema.optional(),
  /**
   * Steps for a run whose prompt contains `contains` (the first entry that matches wins, before `runs`):
   * how a script answers a reviewer's comment, whatever the run number.
   */
  on_prompt: z.array(z.strictObject({ contains: z.string().min(1), steps: StepsSchema })).optional(),
  /**
   * The answer to grove's reflection turn at the end of a task (`--reflect`, config `compound.reflect`):
   * a line (`"RULE: Do X (because Y)"`) or steps. Such a turn is not counted as a run; without this (and
   * without an `on_prompt` entry matching its prompt) the agent answers `RULE: none`.
   */
  reflect: z.union([z.string().min(1), StepsSchema]).optional(),
  /** Steps per run of this task (1 = first run). */
  runs: z
    .record(
      z.string().regex(RUN_KEY_PATTERN, 'use a run number ("2"), a range ("1-3"), "4+" or "default"'),
      StepsSchema,
    )
    .optional(),
});
export type Script = z.infer<typeof ScriptSchema>;
