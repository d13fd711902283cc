import { formatUsd } from '../shared/cost-format.js';

/**
 * Fleet spend caps (config `budgets.usd_per_cycle`, `budgets.usd_per_day`): what the attempts of the
 * current cycle, and of today, cost, against the caps. A cost that is not known (an agent that reported
 * none, for a model with no price) is never taken as $0: the spend is "at least $X", with the tasks whose
 * cost is unknown named, and the cap counts only what is known. Pure: numbers in, verdicts out.
 */

/** The cost of one agent attempt, as the caps count it. */
export interface AttemptSpend {
  taskId: string;
  /** When the attempt started (ms since epoch): it counts on that calendar day. */
  startedAt: number;
  /** The known part of its cost. */
  usd: number;
  /** Part (or all) of its cost is unknown. */
  unknown: boolean;
}

/** A sum of attempt costs: the known dollars, and the tasks with a cost grove could not know. */
export interface SpendTotal {
  usd: number;
  /** Tasks (ids, sorted) with at least one attempt of unknown cost: `usd` is then a lower bound. */
  unknownTasks: string[];
}

export function sumSpend(attempts: readonly AttemptSpend[]): SpendTotal {
  let usd = 0;
  const unknown = new Set<string>();
  for (const a of attempts) {
    usd += a.usd;
    if (a.unknown) unknown.add(a.taskId);
  }
  return { usd, unknownTasks: [...unknown].sort() };
}

/** "$1.20", or "at least $1.20 (2 tasks of unknown cost: a, b)". */
export function describeSpend(total: SpendTotal): string {
  const n = total.unknownTasks.length;
  if (n === 0) return formatUsd(total.usd);
  return `at least ${formatUsd(total.usd)} (${n} task${n === 1 ? '' : 's'} of unknown cost: ${total.unknownTasks.join(', ')})`;
}

export type CapWindow = 'cycle' | 'day';

/** The config key of each window's cap. */
export const CAP_KEYS: Readonly<Record<CapWindow, string>> = {
  cycle: 'budgets.usd_per_cycle',
  day: 'budgets.usd_per_day',
};

export interface CapCheck {
  window: CapWindow;
  /** Which cycle, or which day (YYYY-MM-DD, local time): a new one starts with nothing spent. */
  period: string;
  cap: number;
  spent: SpendTotal;
  /** The known spend reached the cap. */
  reached: boolean;
}

export interface CapInput {
  window: CapWindow;
  period: string;
  /** Undefined: no cap for this window. */
  cap: number | undefined;
  spent: SpendTotal;
}

/** Each configured cap against its spend; windows without a cap are left out. */
export function checkSpendCaps(inputs: readonly CapInput[]): CapCheck[] {
  return inputs.flatMap((i) =>
    i.cap === undefined
      ? []
      : [{ window: i.window, period: i.period, cap: i.cap, spent: i.spent, reached: i.spent.usd >= i.cap }],
  );
}

const WINDOW_NAME: Readonly<Record<CapWindow, string>> = { cycle: 'this cycle', day: 'today' };

/** "this cycle: $4.10 of $5.00 (budgets.usd_per_cycle)". */
export function describeCap(c: CapCheck): string {
  return `${WINDOW_NAME[c.window]}: ${describeSpend(c.spent)} of ${formatUsd(c.cap)} (${CAP_KEYS[c.window]})`;
}

/**
 * What the lead reads when a cap is reached: what was spent, that no new agent session starts, and how
 * to go on (raise the cap in the config and run again; a day cap also lifts at local midnight).
 */
export function capReachedMessage(reached: readonly CapCheck[]): string {
  const what = reached.map(describeCap).join('; ');
  const raise = reached.map((c) => `${CAP_KEYS[c.window]} in .grove/config.yaml`).join(' and ');
  const day = reached.some((c) => c.window === 'day') ? ' (the day cap lifts at midnight, local time)' : '';
  return `spend cap reached, no new agent session starts — ${what}; running tasks go on; raise ${raise}, then run grove run again${day}`;
}

/** A stable key of what was reached, so the lead is told once per cap and period. */
export function capKey(reached: readonly CapCheck[]): string {
  return reached.map((c) => `${c.window}:${c.period}:${c.cap}`).join('|');
}

/** The calendar day of `at` in local time, as YYYY-MM-DD, and when it began (ms since epoch). */
export function localDay(at: number): { day: string; start: number } {
  const d = new Date(at);
  const start = new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const pad = (n: number): string => String(n).padStart(2, '0');
  return { day: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`, start };
}
