/**
 * Token budget policy. A task's usage is compared with its budget: below `pauseAt × limit` it runs on;
 * from there the agent is paused and the lead notified; at or past the whole budget it is `exceeded`
 * (also paused, but the app should say the budget was overrun, not just nearly spent).
 */
export type BudgetStatus =
  | { kind: 'ok'; used: number; limit: number; fraction: number }
  | { kind: 'pause'; used: number; limit: number; fraction: number }
  | { kind: 'exceeded'; used: number; limit: number; fraction: number };

/** `used` and `limit` in tokens; `pauseAt` in (0, 1] (config `budgets.pause_at`). */
export function checkBudget(used: number, limit: number, pauseAt: number): BudgetStatus {
  const fraction = limit > 0 ? used / limit : Number.POSITIVE_INFINITY;
  if (used >= limit) return { kind: 'exceeded', used, limit, fraction };
  if (used >= pauseAt * limit) return { kind: 'pause', used, limit, fraction };
  return { kind: 'ok', used, limit, fraction };
}

/** A budget change as typed by a person: `+N` adds to the current budget, `N` replaces it. */
export type BudgetChange = { kind: 'add'; tokens: number } | { kind: 'set'; tokens: number };

export type ParsedBudgetChange = { kind: 'ok'; change: BudgetChange } | { kind: 'invalid'; message: string };

const SUFFIX: Record<string, number> = { '': 1, k: 1_000, m: 1_000_000 };

/**
 * Parses `"+50000"`, `"200k"`, `"1.5M"`, `"+2m"`, `"300_000"` (underscores and commas ignored).
 * Suffixes are case-insensitive: k = thousand, m = million. The result must be a positive whole number.
 */
export function parseBudgetChange(text: string): ParsedBudgetChange {
  const cleaned = text.trim().replace(/[_,]/g, '');
  const match = /^(\+)?(\d+(?:\.\d+)?)([kKmM]?)$/.exec(cleaned);
  if (!match) {
    return {
      kind: 'invalid',
      message: `"${text}" is not a token budget; write e.g. 200000, 200k, 1.5M or +50k`,
    };
  }
  const tokens = Number(match[2]) * (SUFFIX[(match[3] ?? '').toLowerCase()] ?? 1);
  if (!Number.isInteger(tokens) || tokens <= 0) {
    return { kind: 'invalid', message: `"${text}" must come to a positive whole number of tokens` };
  }
  return { kind: 'ok', change: { kind: match[1] ? 'add' : 'set', tokens } };
}

export type ResumeBudget =
  | { kind: 'ok'; budget: number; status: BudgetStatus }
  | { kind: 'still-over'; budget: number; status: BudgetStatus; message: string };

/**
 * The budget after `grove resume --budget <change>`, and whether the task may run with it: a new budget
 * that would pause the task again at once is refused with the figure needed.
 */
export function applyBudgetChange(
  current: number,
  change: BudgetChange,
  used: number,
  pauseAt: number,
): ResumeBudget {
  const budget = change.kind === 'add' ? current + change.tokens : change.tokens;
  const status = checkBudget(used, budget, pauseAt);
  if (status.kind === 'ok') return { kind: 'ok', budget, status };
  const needed = Math.floor(used / pauseAt) + 1;
  return {
    kind: 'still-over',
    budget,
    status,
    message: `${used} tokens are used and a budget of ${budget} would pause again at once; give more than ${needed - 1} (e.g. +${needed - current})`,
  };
}

/**
 * How many tokens to add so that `grove resume --budget +N` is accepted (the new budget does not pause
 * again at once) and leaves room to work: at least the current budget again, rounded up to two
 * significant digits so the suggestion, written as `formatTokens` writes it, is itself enough.
 */
export function suggestBudgetIncrease(used: number, limit: number, pauseAt: number): number {
  const needed = Math.floor(used / pauseAt) + 1 - limit;
  const wanted = Math.max(needed, limit, 1000);
  const step = 10 ** Math.max(0, Math.floor(Math.log10(wanted)) - 1);
  return Math.ceil(wanted / step) * step;
}

/** `1234567` → `"1.23M"`, `45200` → `"45.2k"`, `999` → `"999"`: for notifications and tables. */
export function formatTokens(n: number): string {
  if (n >= 1_000_000) return `${trim(n / 1_000_000)}M`;
  if (n >= 1_000) return `${trim(n / 1_000)}k`;
  return String(n);
}

function trim(x: number): string {
  return Number(x.toPrecision(3)).toString();
}
