// The send-back policy: a failure (a gate, the merge queue's test, a conflict with the base) goes back
// to the same agent session while iterations remain; then the task waits for a person (blocked, or
// conflict). Pure: the counts come in, a decision comes out; the app records and applies it.
//
// Overlapping ownership (overlap.ts): a send-back from the merge queue needs no overlap wait of its own.
// The culprit was integrating, so it held the paths it owns since its start, and with run_overlapping
// off no task whose `owns` overlaps could start meanwhile: its fix loop is its own. A fix after the
// task's gates (decide.ts) waits while an overlapping task has an agent or gates running, which only
// matters when two such tasks hold the paths at once (run_overlapping was on, or one was spawned by hand).
import type { Notification } from './decision.js';
import { notify } from './helpers.js';

/** What failed, as the agent is told. Gate and queue failures count as fix iterations. */
export type SendBackFailure =
  | { source: 'gate' | 'queue'; gate: string; command: string; outputTail: string; fingerprint: string }
  | { source: 'conflict'; files: string[]; base: string };

/** Send-backs of the current session lineage, from the state journal. */
export interface SendBackCounts {
  fixes: number;
  conflicts: number;
}

export interface SendBackInput {
  taskId: string;
  failure: SendBackFailure;
  counts: SendBackCounts;
  /** config `fix.max_iterations`: the limit for fix iterations and, separately, for conflict tries. */
  maxIterations: number;
  /**
   * The conflict the task was last sent back for, while it is not resolved (no gate pass since): a gate
   * that keeps failing then is the conflict, and the block says so.
   */
  openConflict?: { base: string; files: readonly string[] };
}

export type SendBackDecision =
  /** → fixing: the same agent session gets the failure (iteration `iteration` of `maxIterations`). */
  | {
      kind: 'send-back';
      to: 'fixing';
      source: SendBackFailure['source'];
      iteration: number;
      maxIterations: number;
      cause: string;
      data: Record<string, unknown>;
    }
  /** → blocked (fixes ran out) or conflict (conflict tries ran out): a person decides. */
  | {
      kind: 'block';
      to: 'blocked' | 'conflict';
      cause: string;
      data: Record<string, unknown>;
      notify: Notification;
    };

/**
 * The one iteration limit: the next iteration's number while fewer than `max` ran, else undefined.
 * The scheduler (after gates), the merge queue's culprits and the send-back all ask this.
 */
export function nextIteration(done: number, max: number): number | undefined {
  return done < max ? done + 1 : undefined;
}

export function decideSendBack(input: SendBackInput): SendBackDecision {
  const { taskId, failure, counts, maxIterations, openConflict } = input;
  if (failure.source === 'conflict') {
    const iteration = nextIteration(counts.conflicts, maxIterations);
    const data = { kind: 'conflict', files: failure.files, base: failure.base };
    if (iteration === undefined) {
      return {
        kind: 'block',
        to: 'conflict',
        cause: `conflicts with ${failure.base} in ${failure.files.join(', ')} after ${counts.conflicts} tries`,
        data,
        notify: notify(
          'blocked',
          taskId,
          `${taskId} conflicts with ${failure.base} in ${failure.files.join(', ')}; resolve it on grove/${taskId}, then \`grove retry ${taskId}\``,
        ),
      };
    }
    return {
      kind: 'send-back',
      to: 'fixing',
      source: 'conflict',
      iteration,
      maxIterations,
      cause: `conflict with ${failure.base}: sent back to the agent`,
      data: { ...data, iteration },
    };
  }
  const iteration = nextIteration(counts.fixes, maxIterations);
  if (iteration === undefined && openConflict) {
    const where = `${openConflict.base} in ${openConflict.files.join(', ')}`;
    return {
      kind: 'block',
      to: 'blocked',
      cause: `the conflict with ${where} is not resolved: ${failure.gate} still fails after ${counts.fixes} fix iteration(s)`,
      data: {
        kind: 'conflict-unresolved',
        gate: failure.gate,
        fingerprint: failure.fingerprint,
        base: openConflict.base,
        files: [...openConflict.files],
      },
      notify: notify(
        'blocked',
        taskId,
        `${taskId} is blocked: its conflict with ${where} is not resolved (${failure.gate} still fails after ${counts.fixes} fix iteration(s)); resolve it on grove/${taskId}, then \`grove retry ${taskId}\``,
      ),
    };
  }
  if (iteration === undefined) {
    return {
      kind: 'block',
      to: 'blocked',
      cause: `${failure.gate} still fails after ${counts.fixes} fix iteration(s)`,
      data: { kind: 'fix-iterations-exhausted', gate: failure.gate, fingerprint: failure.fingerprint },
      notify: notify(
        'blocked',
        taskId,
        `${taskId} is blocked: ${failure.gate} still fails after ${counts.fixes} fix iteration(s); see \`grove status ${taskId}\``,
      ),
    };
  }
  return {
    kind: 'send-back',
    to: 'fixing',
    source: failure.source,
    iteration,
    maxIterations,
    cause: `${failure.gate} failed: fix ${iteration} of ${maxIterations}`,
    data: {
      kind: 'fix',
      source: failure.source,
      gate: failure.gate,
      fingerprint: failure.fingerprint,
      iteration,
    },
  };
}
