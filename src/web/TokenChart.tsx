import type { ReactNode } from 'react';
import { formatTime, formatTokens } from './format.js';

/** Cumulative tokens over time as an inline SVG line, with the budget as a dashed line. */
export function TokenChart({
  series,
  budget,
}: {
  series: Array<{ at: number; total: number }>;
  budget: number | null;
}): ReactNode {
  const W = 480;
  const H = 140;
  const P = 28;
  if (series.length === 0) return <p className="muted">No token use recorded yet.</p>;
  const first = series[0]!;
  const last = series[series.length - 1]!;
  const t0 = first.at;
  const t1 = Math.max(last.at, t0 + 1);
  const top = Math.max(last.total, budget ?? 0, 1);
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
      {budget !== null && <line x1={P} x2={W - P} y1={y(budget)} y2={y(budget)} className="budget" />}
      <polyline points={points} className="series" />
      <text x={P} y={H - 8} className="label">
        {formatTime(t0)}
      </text>
      <text x={W - P} y={H - 8} className="label" textAnchor="end">
        {formatTime(t1)}
      </text>
      <text x={P + 4} y={P - 8} className="label">
        {formatTokens(last.total)} tokens{budget !== null ? ` of ${formatTokens(budget)}` : ''}
      </text>
    </svg>
  );
}
