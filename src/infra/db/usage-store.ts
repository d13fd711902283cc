import type { Db } from './open.js';

/** Token and cost sums. `total` = input + output + cacheWrite (cache reads are cheap and not counted). */
export interface UsageTotals {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  costUsd: number;
  total: number;
}

interface SumRow {
  key: string | number | null;
  input: number;
  output: number;
  cache_read: number;
  cache_write: number;
}

const SUMS = `COALESCE(SUM(input), 0) AS input, COALESCE(SUM(output), 0) AS output,
  COALESCE(SUM(cache_read), 0) AS cache_read, COALESCE(SUM(cache_write), 0) AS cache_write`;

/**
 * Cost per attempt: the larger of what its usage events priced and the total the agent reported at the
 * end (Claude reports only the total). Summed per key.
 */
const COST = (where: string, key: string) => `
  SELECT ${key} AS key, COALESCE(SUM(max(COALESCE(u.c, 0), COALESCE(a.reported_cost_usd, 0))), 0) AS cost
  FROM attempts a LEFT JOIN (SELECT attempt_id, SUM(cost_usd) AS c FROM usage GROUP BY attempt_id) u
    ON u.attempt_id = a.id
  ${where} GROUP BY ${key}`;

/** The read side of token usage (written by AttemptStore.ingest). */
export class UsageStore {
  constructor(private readonly db: Db) {}

  totalsForTask(taskId: string): UsageTotals {
    const sums = this.db.prepare(`SELECT ${SUMS} FROM usage WHERE task_id = ?`).get(taskId) as SumRow;
    const cost = this.db.prepare(COST('WHERE a.task_id = ?', 'a.task_id')).get(taskId) as
      { cost: number } | undefined;
    return toTotals(sums, cost?.cost ?? 0);
  }

  totalsForAttempt(id: number): UsageTotals {
    const sums = this.db.prepare(`SELECT ${SUMS} FROM usage WHERE attempt_id = ?`).get(id) as SumRow;
    const cost = this.db.prepare(COST('WHERE a.id = ?', 'a.id')).get(id) as { cost: number } | undefined;
    return toTotals(sums, cost?.cost ?? 0);
  }

  totalsAll(): UsageTotals {
    const sums = this.db.prepare(`SELECT ${SUMS} FROM usage`).get() as SumRow;
    const cost = this.db.prepare(COST('', '1')).get() as { cost: number } | undefined;
    return toTotals(sums, cost?.cost ?? 0);
  }

  /** Totals for every task that has an attempt, keyed by task id. */
  perTask(): Record<string, UsageTotals> {
    const sums = this.db
      .prepare(`SELECT task_id AS key, ${SUMS} FROM usage GROUP BY task_id`)
      .all() as SumRow[];
    const costs = this.db.prepare(COST('', 'a.task_id')).all() as Array<{ key: string; cost: number }>;
    const out: Record<string, UsageTotals> = {};
    const empty: SumRow = { key: null, input: 0, output: 0, cache_read: 0, cache_write: 0 };
    for (const c of costs) out[c.key] = toTotals(empty, c.cost);
    for (const s of sums) {
      const key = String(s.key);
      out[key] = toTotals(s, out[key]?.costUsd ?? 0);
    }
    return out;
  }

  /** Cumulative counted tokens (`total`) for a task after each usage record: points for a chart. */
  series(taskId: string): Array<{ at: number; total: number }> {
    const rows = this.db
      .prepare('SELECT at, input + output + cache_write AS t FROM usage WHERE task_id = ? ORDER BY id')
      .all(taskId) as Array<{ at: number; t: number }>;
    let sum = 0;
    return rows.map((r) => ({ at: r.at, total: (sum += r.t) }));
  }
}

function toTotals(s: SumRow, costUsd: number): UsageTotals {
  return {
    input: s.input,
    output: s.output,
    cacheRead: s.cache_read,
    cacheWrite: s.cache_write,
    costUsd,
    total: s.input + s.output + s.cache_write,
  };
}
