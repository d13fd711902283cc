// How tall the token chart's y-axis is. Scaled to a 2M budget, a task's real burn is a flat line at the
// bottom; scaled to what it used, the pause threshold vanishes. So: to what it used, with headroom, and
// up to the pause threshold once the task has used a quarter of it (then how close it is shows).

export interface TokenScale {
  /** The y-axis top, in tokens. */
  top: number;
  /** Draw the pause line (it lies within the axis). */
  showPause: boolean;
  /** Draw the budget line (it lies within the axis). */
  showBudget: boolean;
}

export function tokenScale(used: number, pauseAt: number | null, budget: number | null): TokenScale {
  const near = pauseAt !== null && used >= pauseAt / 4;
  const top = Math.max(1, near ? Math.max(used, pauseAt) * 1.05 : used * 1.25);
  return {
    top,
    showPause: pauseAt !== null && pauseAt <= top,
    showBudget: budget !== null && budget <= top,
  };
}
