// Proof over cycles: per cycle, the figures that say whether compounding works — first-pass gate
// rate, fix iterations per task, stuck rate, review rounds, tokens and cost per merged task, time from
// spawn to merge, conflicts, and the AGENTS.md entries accepted from the cycle's lessons. Each row is
// read off that cycle's report (the one builder), so the trend and `grove report --cycle N` agree.
import { TREND_FIGURES, formatTrendValue } from '../../shared/trend-figures.js';
import type { CycleReport } from './report.js';

export interface TrendRow {
  cycle: number;
  tasks: number;
  merged: number;
  /** Tasks whose first gate round passed, of those verified; null when none was. */
  firstPassRate: number | null;
  fixIterationsPerTask: number | null;
  /** Tasks that got stuck at least once, of all the cycle's tasks. */
  stuckRate: number | null;
  reviewRounds: number;
  tokensPerMerged: number | null;
  costPerMerged: number | null;
  costUnknown: boolean;
  /** Median, over the merged tasks, of first start to merge. */
  spawnToMergeMs: number | null;
  /** Candidates the merge queue found in conflict with the base (each then goes back to its agent). */
  conflicts: number;
  /** Lessons from the cycle's tasks accepted into AGENTS.md. */
  lessonsAccepted: number;
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

const per = (n: number, d: number): number | null => (d > 0 ? n / d : null);

export function trendRow(report: CycleReport): TrendRow {
  const t = report.totals;
  const merged = report.tasks.filter((x) => x.state === 'merged' || x.state === 'cleaned');
  return {
    cycle: report.cycle ?? 1,
    tasks: t.tasks,
    merged: t.merged,
    firstPassRate: t.firstTimePassRate,
    fixIterationsPerTask: per(t.fixIterations, t.tasks),
    stuckRate: per(report.tasks.filter((x) => x.timeInState.stuck !== undefined).length, t.tasks),
    reviewRounds: t.review.rounds,
    tokensPerMerged: per(t.tokens.total, t.merged),
    costPerMerged: per(t.costUsd, t.merged),
    costUnknown: t.costUnknown,
    spawnToMergeMs: median(merged.flatMap((x) => (x.wallMs === null ? [] : [x.wallMs]))),
    conflicts: t.queueConflicts,
    lessonsAccepted: t.learnings.accepted,
  };
}

const BARS = '▁▂▃▄▅▆▇█';

/** A small chart of one figure over the cycles (higher bar = larger value; · for none). */
export function sparkline(values: ReadonlyArray<number | null>): string {
  const known = values.filter((v): v is number => v !== null);
  const lo = Math.min(...known);
  const hi = Math.max(...known);
  return values
    .map((v) => {
      if (v === null) return '·';
      if (hi === lo) return BARS[3];
      return BARS[Math.round(((v - lo) / (hi - lo)) * (BARS.length - 1))];
    })
    .join('');
}

/** The trend for a terminal: one line per figure with its chart and each cycle's value. */
export function renderTrend(rows: readonly TrendRow[]): string {
  if (rows.length === 0) return 'No cycles yet: `grove plan`, then `grove run`.';
  const head = `grove trend — ${rows.length} cycle${rows.length === 1 ? '' : 's'} (${rows.map((r) => `${r.cycle}: ${r.merged}/${r.tasks} merged`).join(', ')})`;
  const width = Math.max(...TREND_FIGURES.map((f) => f.name.length));
  const lines = TREND_FIGURES.map((f) => {
    const values = rows.map((r) => r[f.key]);
    const cells = rows.map((r, i) => formatTrendValue(f, values[i] ?? null, r.costUnknown)).join('  →  ');
    return `  ${f.name.padEnd(width)}  ${sparkline(values)}  ${cells}  (${f.better} is better)`;
  });
  return [head, '', ...lines, ''].join('\n');
}
