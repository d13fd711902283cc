import type { UnpricedUsage } from '../../core/cost.js';
import type { Db } from './open.js';

/** Token and cost sums. `total` = input + output + cacheWrite (cache reads are cheap and not counted). */
export interface UsageTotals {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  /** What the agents reported it cost (attempts that reported none add nothing here). */
  costUsd: number;
  total: number;
  /** The tokens of each attempt that reported no cost: priced from config, or the cost is unknown. */
  unpriced: UnpricedUsage[];
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

/** Per attempt that reported no cost at all (no total, no priced usage event): its tokens and model. */
const UNPRICED = (where: string) => `
  SELECT a.task_id AS key, a.agent AS agent, a.model AS model, SUM(u.input) AS input,
    SUM(u.output) AS output, SUM(u.cache_read) AS cache_read, SUM(u.cache_write) AS cache_write
  FROM attempts a JOIN usage u ON u.attempt_id = a.id
  WHERE a.reported_cost_usd IS NULL ${where}
  GROUP BY a.id HAVING SUM(u.cost_usd) = 0 ORDER BY a.id`;

/** Every attempt with its usage sums, its priced usage and the cost it reported. */
const PER_ATTEMPT = `
  SELECT a.id AS id, a.task_id AS task_id, a.started_at AS started_at, a.agent AS agent, a.model AS model,
    a.reported_cost_usd AS reported, COALESCE(u.c, 0) AS priced, COALESCE(u.input, 0) AS input,
    COALESCE(u.output, 0) AS output, COALESCE(u.cache_read, 0) AS cache_read,
    COALESCE(u.cache_write, 0) AS cache_write
  FROM attempts a LEFT JOIN (SELECT attempt_id, SUM(cost_usd) AS c, ${SUMS} FROM usage GROUP BY attempt_id) u
    ON u.attempt_id = a.id
  ORDER BY a.id`;

/** One attempt's cost as stored: what it reported or priced, and its tokens when it reported nothing. */
export interface AttemptCost {
  attemptId: number;
  taskId: string;
  startedAt: number;
  /** What the agent reported (its total, or its priced usage events): the larger of the two. */
  costUsd: number;
  /** Its tokens when it reported no cost at all: priced from config, or the cost is unknown. */
  unpriced: UnpricedUsage | null;
}

interface UnpricedRow extends SumRow {
  agent: string;
  model: string | null;
}

/** The read side of token usage (written by AttemptStore.ingest). */
export class UsageStore {
  constructor(private readonly db: Db) {}

  totalsForTask(taskId: string): UsageTotals {
    const sums = this.db.prepare(`SELECT ${SUMS} FROM usage WHERE task_id = ?`).get(taskId) as SumRow;
    const cost = this.db.prepare(COST('WHERE a.task_id = ?', 'a.task_id')).get(taskId) as
      { cost: number } | undefined;
    return toTotals(sums, cost?.cost ?? 0, this.unpriced('AND a.task_id = ?', taskId));
  }

  totalsForAttempt(id: number): UsageTotals {
    const sums = this.db.prepare(`SELECT ${SUMS} FROM usage WHERE attempt_id = ?`).get(id) as SumRow;
    const cost = this.db.prepare(COST('WHERE a.id = ?', 'a.id')).get(id) as { cost: number } | undefined;
    return toTotals(sums, cost?.cost ?? 0, this.unpriced('AND a.id = ?', id));
  }

  totalsAll(): UsageTotals {
    const sums = this.db.prepare(`SELECT ${SUMS} FROM usage`).get() as SumRow;
    const cost = this.db.prepare(COST('', '1')).get() as { cost: number } | undefined;
    return toTotals(sums, cost?.cost ?? 0, this.unpriced(''));
  }

  /** Totals for every task that has an attempt, keyed by task id. */
  perTask(): Record<string, UsageTotals> {
    const sums = this.db
      .prepare(`SELECT task_id AS key, ${SUMS} FROM usage GROUP BY task_id`)
      .all() as SumRow[];
    const costs = this.db.prepare(COST('', 'a.task_id')).all() as Array<{ key: string; cost: number }>;
    const unpriced = new Map<string, UnpricedUsage[]>();
    for (const u of this.unpriced('')) unpriced.set(u.taskId, [...(unpriced.get(u.taskId) ?? []), u]);
    const out: Record<string, UsageTotals> = {};
    const empty: SumRow = { key: null, input: 0, output: 0, cache_read: 0, cache_write: 0 };
    for (const c of costs) out[c.key] = toTotals(empty, c.cost, unpriced.get(c.key) ?? []);
    for (const s of sums) {
      const key = String(s.key);
      out[key] = toTotals(s, out[key]?.costUsd ?? 0, unpriced.get(key) ?? []);
    }
    return out;
  }

  private unpriced(where: string, ...params: unknown[]): Array<UnpricedUsage & { taskId: string }> {
    const rows = this.db.prepare(UNPRICED(where)).all(...params) as UnpricedRow[];
    return rows.map((r) => ({
      taskId: String(r.key),
      agent: r.agent,
      model: r.model,
      input: r.input,
      output: r.output,
      cacheRead: r.cache_read,
      cacheWrite: r.cache_write,
    }));
  }

  /** Every attempt's cost (spend caps count attempts by the day they started). */
  perAttempt(): AttemptCost[] {
    const rows = this.db.prepare(PER_ATTEMPT).all() as Array<
      SumRow & {
        id: number;
        task_id: string;
        started_at: number;
        agent: string;
        model: string | null;
        reported: number | null;
        priced: number;
      }
    >;
    return rows.map((r) => ({
      attemptId: r.id,
      taskId: r.task_id,
      startedAt: r.started_at,
      costUsd: Math.max(r.priced, r.reported ?? 0),
      unpriced:
        r.reported === null && r.priced === 0
          ? {
              agent: r.agent,
              model: r.model,
              input: r.input,
              output: r.output,
              cacheRead: r.cache_read,
              cacheWrite: r.cache_write,
            }
          : null,
    }));
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

function toTotals(
  s: SumRow,
  costUsd: number,
  unpriced: ReadonlyArray<UnpricedUsage & { taskId?: string }>,
): UsageTotals {
  return {
    unpriced: unpriced.map(({ taskId: _task, ...u }) => u),
    input: s.input,
    output: s.output,
    cacheRead: s.cache_read,
    cacheWrite: s.cache_write,
    costUsd,
    total: s.input + s.output + s.cache_write,
  };
}
