/**
 * The speculative window (Zuul): how many candidates of the merge queue are tested at once. It starts
 * at `queue.window`, grows by one for every task merged, halves after a round with a failure, never
 * drops below 1 and never exceeds `queue.parallel`.
 */
export interface WindowPolicy {
  /** config `queue.window` */
  start: number;
  /** config `queue.parallel` */
  max: number;
}

export function initialWindow(policy: WindowPolicy): number {
  return clamp(policy.start, policy.max);
}

/**
 * The window after a round: +1 per merged task (Zuul's linear growth), then halved if the round had a
 * failure. `round` alone ('passed' | 'failed') counts as one merge when passed.
 */
export function nextWindow(
  current: number,
  round: 'passed' | 'failed' | { merged: number; failed: boolean },
  policy: WindowPolicy,
): number {
  const r =
    typeof round === 'string' ? { merged: round === 'passed' ? 1 : 0, failed: round === 'failed' } : round;
  const grown = clamp(current + r.merged, policy.max);
  return clamp(r.failed ? Math.floor(grown / 2) : grown, policy.max);
}

function clamp(n: number, max: number): number {
  return Math.max(1, Math.min(n, Math.max(1, max)));
}
