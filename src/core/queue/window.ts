/**
 * The speculative window (Zuul): how many candidates of the merge queue are tested at once. It starts
 * at `queue.window`, grows by one after a round in which every candidate passed, halves after a round
 * with a failure, never drops below 1 and never exceeds `queue.parallel`.
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

export function nextWindow(current: number, round: 'passed' | 'failed', policy: WindowPolicy): number {
  return clamp(round === 'passed' ? current + 1 : Math.floor(current / 2), policy.max);
}

function clamp(n: number, max: number): number {
  return Math.max(1, Math.min(n, Math.max(1, max)));
}
