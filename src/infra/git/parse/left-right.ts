import { GroveError } from '../../../shared/errors.js';

export interface AheadBehind {
  /** Commits on the branch that the base does not have. */
  ahead: number;
  /** Commits on the base that the branch does not have. */
  behind: number;
}

/**
 * Parses `git rev-list --left-right --count <base>...<branch>`: `left\tright`, where left counts
 * commits only in the base (behind) and right commits only in the branch (ahead).
 */
export function parseLeftRightCount(output: string): AheadBehind {
  const m = /^(\d+)\s+(\d+)\s*$/.exec(output);
  if (!m)
    throw new GroveError(
      'GIT_FAILED',
      `unexpected rev-list --left-right --count output: ${JSON.stringify(output)}`,
    );
  return { behind: Number(m[1]), ahead: Number(m[2]) };
}
