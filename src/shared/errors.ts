/**
 * Unexpected failures carry a stable `code`, a readable message, an optional `hint` that says what to
 * do instead, and the `cause`. The CLI's one error handler maps them to exit codes; the server to JSON.
 */
export type GroveErrorCode =
  | 'CONFIG_INVALID'
  | 'TASK_INVALID'
  | 'TASK_NOT_FOUND'
  | 'NOT_A_REPO'
  | 'NOT_INITIALISED'
  | 'GIT_FAILED'
  /** A git call did not end within its timeout (its process group was killed). */
  | 'GIT_TIMEOUT'
  /** A commit grove made failed or hung in the user's commit signer. */
  | 'GIT_SIGNING'
  /** A command was to run in a folder that is not on disk (a worktree deleted by hand). */
  | 'DIR_MISSING'
  | 'WORKSPACE_CONFLICT'
  | 'WORKSPACE_DIRTY'
  | 'COPY_FAILED'
  | 'HOOK_FAILED'
  | 'AGENT_NOT_FOUND'
  | 'STATE_INVALID'
  | 'LOCKED'
  | 'DB_FAILED'
  | 'USAGE'
  | 'INTERNAL';

export class GroveError extends Error {
  override readonly name: string = 'GroveError';
  readonly code: GroveErrorCode;
  readonly hint: string | undefined;

  constructor(code: GroveErrorCode, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.hint = options.hint;
  }
}

/** One problem found in a config or task file, with where it is and what to write instead. */
export interface SpecProblem {
  file: string;
  line: number;
  field: string;
  message: string;
  hint?: string;
  severity: 'error' | 'warning';
}

export function formatProblem(p: SpecProblem): string {
  const where = `${p.file}:${p.line}`;
  const field = p.field ? ` ${p.field}:` : '';
  const hint = p.hint ? ` — ${p.hint}` : '';
  return `${where}:${field} ${p.message}${hint}`;
}
