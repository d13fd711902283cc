// Whether a task still holds the conflict the merge queue sent it back for: the journal says it was sent
// back for a conflict and has not passed its gates since, and its latest gate run failed on the unfinished
// merge or rebase or on committed conflict markers (see UNRESOLVED_CONFLICT, src/app/verify/built-in-gates.ts).
import { UNRESOLVED_CONFLICT } from '../verify/built-in-gates.js';
import type { RunRuntime } from './runtime.js';

export type StateMove = ReturnType<RunRuntime['stores']['tasks']['stateHistory']>[number];

export const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

/** The last move into `fixing` (of `kinds`, when given), if the task has not been verified since. */
export function lastSendBack(
  history: readonly StateMove[],
  kinds?: readonly string[],
): StateMove | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    const h = history[i]!;
    if (h.to === 'verified') return undefined;
    if (h.to === 'fixing' && (!kinds || kinds.includes(h.kind ?? ''))) return h;
  }
  return undefined;
}

export function unresolvedConflict(
  rt: Pick<RunRuntime, 'stores'>,
  taskId: string,
  history: readonly StateMove[] = rt.stores.tasks.stateHistory(taskId),
): { base: string; files: string[] } | undefined {
  const h = lastSendBack(history, ['conflict']);
  if (!h) return undefined;
  const last = rt.stores.gates.listForTask(taskId).at(-1);
  if (!last || last.ok || !UNRESOLVED_CONFLICT.test(last.output_tail)) return undefined;
  return { base: typeof h['base'] === 'string' ? h['base'] : 'the base', files: strings(h['files']) };
}
