import type { ReactNode } from 'react';
import { formatCost } from '../shared/cost-format.js';
import { formatTime, formatTokens } from './format.js';
import { tokenScale } from './token-scale.js';

/**
 * Cumulative tokens over time as an inline SVG line, scaled to what matters (./token-scale.ts), with the
 * pause threshold and the budget as dashed lines when they are in range, and the cost.
 */
export function TokenChart({
  series,
  budget,
  pauseAt,
  costUsd,
  costUnknown = false,
}: {
  series: Array<{ at: number; total: number }>;
  budget: number | null;
  pauseAt: number | null;
  costUsd: number;
  costUnknown?: boolean;
}): ReactNode {
  const W = 480;
  const H = 140;
  const P = 28;
  if (series.length === 0) return <p className="muted">No token use recorded yet.</p>;
  const first = series[0]!;
  const last = series[series.length - 1]!;
  const t0 = first.at;
  const t1 = Math.max(last.at, t0 + 1);
  const scale = tokenScale(last.total, pauseAt, budget);
  const top = scale.top;
  const x = (at: number) => P + ((at - t0) / (t1 - t0)) * (W - 2 * P);
  const y = (v: number) => H - P - (v / top) * (H - 2 * P);
  const points = series.map((p) => `${x(p.at).toFixed(1)},${y(p.total).toFixed(1)}`).join(' ');
  return (
    <svg
      className="chart"
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label="tokens over time"
      data-testid="token-chart"
    >
      <line x1={P} y1={H - P} x2={W - P} y2={H - P} className="axis" />
      <line x1={P} y1={P} x2={P} y2={H - P} className="axis" />
      {scale.showBudget && budget !== null && (
        <line x1={P} x2={W - P} y1={y(budget)} y2={y(budget)} className="budget" />
      )}
      {scale.showPause && pauseAt !== null && (
        <line x1={P} x2={W - P} y1={y(pauseAt)} y2={y(pauseAt)} className="budget" data-testid="pause-line" />
      )}
      <text x={W - P} y={P - 8} className="label" textAnchor="end">
        {formatTokens(Math.round(top))}
      </text>
      <polyline points={points} className="series" />
      <text x={P} y={H - 8} className="label">
        {formatTime(t0)}
      </text>
      <text x={W - P} y={H - 8} className="label" textAnchor="end">
        {formatTime(t1)}
      </text>
      <text x={P + 4} y={P - 8} className="label" data-testid="token-label">
        {formatTokens(last.total)} tokens · {formatCost(costUsd, costUnknown)}
        {pauseAt !== null
          ? ` · pauses at ${formatTokens(pauseAt)} (${Math.round((100 * last.total) / Math.max(pauseAt, 1))}%)`
          : ''}
      </text>
    </svg>
  );
}
