// When every attempt of a best-of task has settled, rank them and say what happens to each. Pure.
import type { TaskState } from '../../shared/task-state.js';
import type { CandidateFigures, RankedCandidate } from './rank.js';
import { rankCandidates } from './rank.js';

/** What the scheduler knows of one attempt of a best-of task. */
export interface BestOfAttempt {
  id: string;
  state: TaskState;
  /** For a task in `verifying`: its gates have all run (passed or failed); false while they run. */
  gatesDone: boolean;
  /** Its figures, from the gate store, git and the usage store (the app fills them in). */
  figures: CandidateFigures;
  /** Its figures are still being counted: not settled yet. */
  counting?: boolean;
}

export interface BestOfOutcome {
  group: string;
  ranked: RankedCandidate[];
  /** The attempt grove picks: the best one that passed everything. */
  pick?: string;
  /** No attempt passed: this one (the best of the failures) goes to the fix loop. */
  fix?: string;
  /** Attempts given up now (their branches stay as backup refs). */
  abandon: string[];
  /** Attempts that passed and wait for a person's review beside the pick (config `review.code: required`). */
  review: string[];
}

/** States in which an attempt may have finished what it will do without a person (verifying: once its gates ran). */
export const SETTLED_STATES: readonly TaskState[] = [
  'verified',
  'verifying',
  'blocked',
  'failed',
  'abandoned',
];

function settled(a: BestOfAttempt): boolean {
  if (a.counting === true) return false;
  if (a.state === 'verifying') return a.gatesDone;
  return SETTLED_STATES.includes(a.state);
}

/** An attempt that produced work to rank: its gates ran. Blocked, failed or abandoned ones did not. */
function produced(a: BestOfAttempt): boolean {
  return a.state === 'verified' || a.state === 'verifying';
}

/**
 * Undefined while any attempt is still working. Then: the best attempt that passed every gate and
 * acceptance command is the pick; with review `required` the other passing ones wait for the person
 * beside it (who may approve another), with `auto` they are given up. When none passed, the best of
 * those whose gates ran goes to the fix loop and the others are given up.
 */
export function settleBestOf(
  group: string,
  attempts: readonly BestOfAttempt[],
  reviewCode: 'auto' | 'required',
): BestOfOutcome | undefined {
  if (attempts.length === 0 || !attempts.every(settled)) return undefined;
  const candidates = attempts.map((a) =>
    produced(a)
      ? a.figures
      : { ...a.figures, gatesPassed: 0, acceptPassed: 0, gatesTotal: Math.max(1, a.figures.gatesTotal) },
  );
  const { ranked, pick } = rankCandidates(candidates);
  const stateOf = new Map(attempts.map((a) => [a.id, a.state]));
  const open = (id: string): boolean => stateOf.get(id) !== 'abandoned';
  if (pick) {
    const others = ranked.filter((c) => c.id !== pick.id && open(c.id));
    const review = reviewCode === 'required' ? others.filter((c) => c.passes).map((c) => c.id) : [];
    return {
      group,
      ranked,
      pick: pick.id,
      abandon: others.map((c) => c.id).filter((id) => !review.includes(id)),
      review,
    };
  }
  const best = ranked.find((c) => stateOf.get(c.id) === 'verifying');
  return {
    group,
    ranked,
    ...(best ? { fix: best.id } : {}),
    abandon: ranked.map((c) => c.id).filter((id) => id !== best?.id && open(id)),
    review: [],
  };
}
