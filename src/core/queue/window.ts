/**
 * The speculative window (Zuul): how many candidates of the merge queue are tested at once. It starts
 * at `start`, grows by one for every task merged, halves after a round with a failure, never drops
 * below `floor` (default 1) and never exceeds `max`. With numbers in the config, `start` is
 * `queue.window` and `max` is `queue.parallel`; with `auto`, auto-window.ts chooses all three.
 */
export interface WindowPolicy {
  /** config `queue.window` */
  start: number;
  /** config `queue.parallel` */
  max: number;
  /** The least the window halves to after a failure (default 1). */
  floor?: number;
}

export function initialWindow(policy: WindowPolicy): number {
  return clamp(policy.start, policy.max);
}

/**
 * The window after a round: +1 per merged task (Zuul's linear growth), then halved if the round had a
 * failure (not below `policy.floor`). `round` alone ('passed' | 'failed') counts as one merge when passed.
 */
export function nextWindow(
  current: number,
  round: 'passed' | 'failed' | { merged: number; failed: boolean },
  policy: WindowPolicy,
): number {
  const r =
    typeof round === 'string' ? { merged: round === 'passed' ? 1 : 0, failed: round === 'failed' } : round;
  const grown = clamp(current + r.merged, policy.max);
  return clamp(r.failed ? Math.max(Math.floor(grown / 2), policy.floor ?? 1) : grown, policy.max);
}

/** `current` kept within 1..max (a window saved under another policy). */
export function clampWindow(current: number, policy: WindowPolicy): number {
  return clamp(current, policy.max);
}

function clamp(n: number, max: number): number {
  return Math.max(1, Math.min(n, Math.max(1, max)));
}
