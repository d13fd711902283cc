import { z } from 'zod';
import { SandboxPolicySchema } from '../sandbox/policy.js';

/**
 * What the attempt wrapper (dist/attempt-wrapper.js) runs, written by grove as `<attempt>.launch.json`
 * next to the output files before the wrapper starts. The environment is not in it (it may hold API
 * keys): the wrapper inherits it from grove and passes it on. The file also tells readers how the
 * output is cut into segments.
 */
export const WrapperSpecSchema = z.object({
  file: z.string().min(1),
  args: z.array(z.string()),
  cwd: z.string().min(1),
  /** null: the agent's stdin is /dev/null; a string: written to its stdin, which is then closed. */
  stdinText: z.string().nullable(),
  stdoutPath: z.string().min(1),
  stderrPath: z.string().min(1),
  exitPath: z.string().min(1),
  /** Bytes per output segment; beyond it a new segment starts and the one before the previous goes. */
  segmentBytes: z.number().int().positive(),
  /** How much lower the wrapper's session (it and the agent) runs than grove; absent: not lowered. */
  nice: z.number().int().min(0).max(19).optional(),
  /** Run the agent inside this sandbox (src/infra/sandbox); absent: unsandboxed. */
  sandbox: SandboxPolicySchema.optional(),
});
export type WrapperSpec = z.infer<typeof WrapperSpecSchema>;

/** `<attempt>.exit.json`, written atomically by the wrapper when the agent has exited. */
export const ExitRecordSchema = z.object({
  code: z.number().int().nullable(),
  signal: z.string().nullable(),
  endedAt: z.number(),
  /** Set when the agent could not be started at all (e.g. its binary is missing). */
  error: z.string().optional(),
  /** What the sandbox refused the agent (network refusals, denied reads and writes), when sandboxed. */
  denied: z.array(z.string()).optional(),
});
export type ExitRecord = z.infer<typeof ExitRecordSchema>;

/** The line grove writes to the wrapper's stdin once the pid is recorded. Anything else: no start. */
export const GO_LINE = 'go\n';
