import { z } from 'zod';
import { AdapterKindSchema } from '../../shared/config.js';

export const ATTEMPT_KINDS = ['initial', 'fix', 'resume', 'reassign', 'retry'] as const;
export const AttemptKindSchema = z.enum(ATTEMPT_KINDS);
export type AttemptKind = z.infer<typeof AttemptKindSchema>;

/** One `attempts` row as it comes out of SQLite, checked. */
export const AttemptRowSchema = z.object({
  id: z.number().int(),
  task_id: z.string(),
  n: z.number().int().positive(),
  kind: AttemptKindSchema,
  agent: z.string(),
  adapter: AdapterKindSchema,
  session_id: z.string().nullable(),
  pid: z.number().int().nullable(),
  process_start: z.string().nullable(),
  started_at: z.number(),
  ended_at: z.number().nullable(),
  exit_code: z.number().int().nullable(),
  signal: z.string().nullable(),
  /** 'completed' | 'failed' | 'killed' | 'timeout' | 'lost' | 'paused', or null while it runs. */
  outcome: z.string().nullable(),
  log_dir: z.string(),
  stdout_offset: z.number().int().nonnegative(),
  stderr_offset: z.number().int().nonnegative(),
  last_output_at: z.number().nullable(),
  reported_cost_usd: z.number().nullable(),
  /** The model the agent reported in its session event (prices its tokens when it reports no cost). */
  model: z.string().nullable(),
  /** The config host it ran on; null: this machine. */
  host: z.string().nullable(),
});
export type AttemptRow = z.infer<typeof AttemptRowSchema>;
