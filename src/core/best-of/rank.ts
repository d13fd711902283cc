// Best-of-N (issue 21): several attempts at one task, each gated; grove ranks them and preselects one,
// the person decides. Pure: the figures come from the gate store, git and the usage store.

export interface CandidateFigures {
  /** The candidate's name (its task or attempt id), for messages. */
  id: string;
  gatesPassed: number;
  gatesTotal: number;
  /** The spec's `accept` commands that passed, of those run. */
  acceptPassed: number;
  acceptTotal: number;
  /** Lines added plus lines removed against the base. */
  diffLines: number;
  tokens: number;
  /** Undefined when the agent reports no cost and no price is known. */
  costUsd: number | undefined;
  /** Wall time of its attempts, ms. */
  durationMs: number;
}

export interface RankedCandidate extends CandidateFigures {
  rank: number;
  /** Every gate and every acceptance command passed. */
  passes: boolean;
  /** Why it stands where it does, for the review page and the report. */
  why: string;
}

/** Lower is better for each; the order is the tie-break order. */
const SMALLER_IS_BETTER = ['diffLines', 'tokens', 'costUsd', 'durationMs'] as const;

function passes(c: CandidateFigures): boolean {
  return c.gatesPassed === c.gatesTotal && c.acceptPassed === c.acceptTotal;
}

function compare(a: CandidateFigures, b: CandidateFigures): number {
  // First what was verified: all gates and acceptance commands, then how many of them.
  if (passes(a) !== passes(b)) return passes(a) ? -1 : 1;
  const passedA = a.gatesPassed + a.acceptPassed;
  const passedB = b.gatesPassed + b.acceptPassed;
  if (passedA !== passedB) return passedB - passedA;
  for (const key of SMALLER_IS_BETTER) {
    // An unknown cost ranks after any known one: grove does not guess that it was cheap.
    const va = a[key] ?? Number.POSITIVE_INFINITY;
    const vb = b[key] ?? Number.POSITIVE_INFINITY;
    if (va !== vb) return va - vb;
  }
  return a.id.localeCompare(b.id);
}

function describe(c: CandidateFigures, best: CandidateFigures | undefined): string {
  const verified = passes(c)
    ? 'passed every gate and acceptance command'
    : `passed ${c.gatesPassed}/${c.gatesTotal} gates and ${c.acceptPassed}/${c.acceptTotal} acceptance commands`;
  const figures = `${c.diffLines} changed lines, ${c.tokens} tokens${c.costUsd !== undefined ? `, $${c.costUsd.toFixed(2)}` : ''}, ${Math.round(c.durationMs / 1000)} s`;
  if (best === undefined || best.id === c.id) return `${verified}; ${figures}`;
  const beaten = !passes(c) && passes(best) ? 'not verified' : `${best.id} is smaller or cheaper`;
  return `${verified}; ${figures} (${beaten})`;
}

/**
 * The candidates best first: verified ones before the rest, then the one with more passed checks, then
 * the smallest diff, the fewest tokens, the lowest cost, the shortest time. `pick` is the first one that
 * passes, or undefined when none does (then the task goes to the fix loop with `ranked[0]`, the best of
 * the failures).
 */
export function rankCandidates(candidates: readonly CandidateFigures[]): {
  ranked: RankedCandidate[];
  pick: RankedCandidate | undefined;
} {
  const sorted = [...candidates].sort(compare);
  const top = sorted[0];
  const ranked = sorted.map((c, i) => ({ ...c, rank: i + 1, passes: passes(c), why: describe(c, top) }));
  return { ranked, pick: ranked.find((c) => c.passes) };
}
