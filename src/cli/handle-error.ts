import { GroveError } from '../shared/errors.js';
import type { GroveErrorCode } from '../shared/errors.js';

const EXIT_CODES: Record<GroveErrorCode, number> = {
  USAGE: 2,
  CONFIG_INVALID: 3,
  TASK_INVALID: 3,
  TASK_NOT_FOUND: 4,
  NOT_A_REPO: 5,
  NOT_INITIALISED: 5,
  GIT_FAILED: 6,
  GIT_TIMEOUT: 6,
  GIT_SIGNING: 6,
  DIR_MISSING: 7,
  WORKSPACE_CONFLICT: 7,
  WORKSPACE_DIRTY: 7,
  COPY_FAILED: 7,
  HOOK_FAILED: 8,
  AGENT_NOT_FOUND: 9,
  STATE_INVALID: 10,
  LOCKED: 11,
  DB_FAILED: 12,
  INTERNAL: 70,
};

/** The one top-level handler: prints a readable message (and hint) and returns the exit code. */
export function handleError(error: unknown, out: NodeJS.WritableStream): number {
  if (error instanceof GroveError) {
    out.write(`grove: ${error.message}\n`);
    if (error.hint) out.write(`  ${error.hint}\n`);
    if (process.env.GROVE_DEBUG && error.cause) out.write(`${JSON.stringify(error.cause, null, 2)}\n`);
    return EXIT_CODES[error.code];
  }
  const e = error instanceof Error ? error : new Error(String(error));
  out.write(
    `grove: unexpected error: ${e.message}\n${process.env.GROVE_DEBUG ? (e.stack ?? '') : '  set GROVE_DEBUG=1 for the stack\n'}`,
  );
  return 70;
}
