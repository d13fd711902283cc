import { GroveError } from '../../shared/errors.js';

/** The SQLite result code of a better-sqlite3 error (`SQLITE_BUSY`, `SQLITE_NOTADB`, ...), if any. */
export function sqliteCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

/**
 * Turns a SQLite failure into a GroveError that says what is wrong and what to do; anything else
 * (a bug in grove, an error thrown by the caller's transaction body) is returned unchanged.
 */
export function toDbError(error: unknown, path: string): unknown {
  if (error instanceof GroveError) return error;
  const code = sqliteCode(error);
  if (code === undefined) return error;
  const detail = error instanceof Error ? error.message : String(error);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
    return new GroveError('LOCKED', `the grove state database at ${path} stayed locked by another process`, {
      hint: 'another grove process is holding a long write; try again (GROVE_DEBUG=1 shows the cause)',
      cause: error,
    });
  if (code.startsWith('SQLITE_NOTADB') || code.startsWith('SQLITE_CORRUPT'))
    return new GroveError('DB_FAILED', `the grove state database at ${path} is damaged (${detail})`, {
      hint: `move it aside (mv "${path}" "${path}.damaged") and run grove again: task files are the source of truth, run history starts afresh`,
      cause: error,
    });
  if (code.startsWith('SQLITE_FULL'))
    return new GroveError('DB_FAILED', `the disk holding the grove state database at ${path} is full`, {
      hint: 'free some space and run grove again',
      cause: error,
    });
  if (
    code.startsWith('SQLITE_READONLY') ||
    code.startsWith('SQLITE_CANTOPEN') ||
    code.startsWith('SQLITE_PERM')
  )
    return new GroveError('DB_FAILED', `cannot write the grove state database at ${path} (${detail})`, {
      hint: 'check that the folder and file are writable by you',
      cause: error,
    });
  return new GroveError('DB_FAILED', `the grove state database at ${path} failed: ${detail}`, {
    cause: error,
  });
}
