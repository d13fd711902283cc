/**
 * Candidates are prefixes of the queue: candidate of size s = the base + the first s queued tasks, in
 * queue order. Testing sizes 1..k at once is Zuul's speculative pipeline; testing sizes between two
 * known bounds is bisection.
 */

/**
 * The prefix sizes to build and test next, smallest first, at most `window` of them.
 * - No bisection: sizes 1..min(window, queue length) (each task tested with those ahead of it).
 * - Bisecting (a prefix of size `failing` ≥ 2 failed, nothing smaller is known bad): up to `window`
 *   sizes spread evenly over 1..failing−1, so a round narrows the culprit's range by window+1 times.
 */
export function planCandidateSizes(
  queueLength: number,
  window: number,
  bisection?: { failing: number },
): number[] {
  const w = Math.max(1, Math.floor(window));
  if (!bisection) {
    const n = Math.min(w, queueLength);
    return Array.from({ length: n }, (_, i) => i + 1);
  }
  const hi = Math.min(bisection.failing, queueLength + 1);
  const span = hi - 1; // candidate sizes 1..hi-1
  if (span <= 0) return [];
  if (span <= w) return Array.from({ length: span }, (_, i) => i + 1);
  const sizes = new Set<number>();
  for (let i = 1; i <= w; i += 1) sizes.add(Math.max(1, Math.min(span, Math.round((i * hi) / (w + 1)))));
  return [...sizes].sort((a, b) => a - b);
}

/** The task ids of each candidate. */
export function candidateTasks(queue: readonly string[], sizes: readonly number[]): string[][] {
  return sizes.map((s) => queue.slice(0, s));
}
