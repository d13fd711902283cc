// The one top-level error handler and the one exit-code table. The same failure exits the same on
// every command; README "Exit codes" lists this table (test/e2e/cli-exit-codes.test.ts checks both).
import { GroveError } from '../shared/errors.js';
import type { GroveErrorCode } from '../shared/errors.js';

/** The outcomes that are not a GroveError: a clean finish, a failure the command reports, an interruption. */
type OutcomeCode = 'OK' | 'FAILED' | 'INTERRUPTED';

export const EXIT_CODES = {
  /** Done. */
  OK: 0,
  /** The command ran and reports a failure: a gate failed, an attempt did not complete, tasks need you. */
  FAILED: 1,
  /** Bad arguments or options (commander's parse errors too). */
  USAGE: 2,
  CONFIG_INVALID: 3,
  TASK_INVALID: 3,
  /** An unknown task id, on every command that takes one. */
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
  /** An unexpected error (a bug): set GROVE_DEBUG=1 for the stack. */
  INTERNAL: 70,
  /** Ctrl-C or SIGTERM stopped a `grove run`/`grove up --foreground`. */
  INTERRUPTED: 130,
} as const satisfies Record<GroveErrorCode | OutcomeCode, number>;

export type ExitCodeName = keyof typeof EXIT_CODES;

/** What `--json` prints on stdout for an error: always the three keys, `hint` null when there is none. */
export interface JsonError {
  error: { code: string; message: string; hint: string | null };
}

export function jsonError(code: string, message: string, hint?: string): JsonError {
  return { error: { code, message, hint: hint ?? null } };
}

export interface ErrorOutput {
  /** Under `--json`: the error goes to `stdout` as one JSON line. */
  json: boolean;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** Prints a GroveError (or an unexpected error) readably, or as JSON, and returns its exit code. */
export function handleError(error: unknown, out: ErrorOutput): number {
  if (error instanceof GroveError) {
    if (out.json) out.stdout.write(`${JSON.stringify(jsonError(error.code, error.message, error.hint))}\n`);
    else {
      out.stderr.write(`grove: ${error.message}\n`);
      if (error.hint) out.stderr.write(`  ${error.hint}\n`);
    }
    if (process.env.GROVE_DEBUG && error.cause) out.stderr.write(`${JSON.stringify(error.cause, null, 2)}\n`);
    return EXIT_CODES[error.code];
  }
  const e = error instanceof Error ? error : new Error(String(error));
  const hint = 'set GROVE_DEBUG=1 for the stack';
  if (out.json)
    out.stdout.write(`${JSON.stringify(jsonError('INTERNAL', `unexpected error: ${e.message}`, hint))}\n`);
  else out.stderr.write(`grove: unexpected error: ${e.message}\n`);
  if (process.env.GROVE_DEBUG) out.stderr.write(`${e.stack ?? ''}\n`);
  else if (!out.json) out.stderr.write(`  ${hint}\n`);
  return EXIT_CODES.INTERNAL;
}
