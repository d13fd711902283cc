import type { ReactNode } from 'react';
import type { TrendRowView } from '../shared/api.js';
import type { TrendFigure } from '../shared/trend-figures.js';
import { TREND_FIGURES, formatTrendValue } from '../shared/trend-figures.js';
import { api } from './api.js';
import type { LiveBoard } from './live.js';
import { useFetched } from './use-live.js';

const W = 260;
const H = 90;
const PAD = { left: 8, right: 8, top: 14, bottom: 18 };

/** One figure over the cycles: a line with a labelled point per cycle (a gap where there is no value). */
function Chart({ figure, rows }: { figure: TrendFigure; rows: readonly TrendRowView[] }): ReactNode {
  const values = rows.map((r) => r[figure.key]);
  const known = values.filter((v): v is number => v !== null);
  const hi = Math.max(0, ...known);
  const x = (i: number): number =>
    rows.length === 1 ? W / 2 : PAD.left + (i * (W - PAD.left - PAD.right)) / (rows.length - 1);
  const y = (v: number): number => H - PAD.bottom - (hi === 0 ? 0 : (v / hi) * (H - PAD.top - PAD.bottom));
  const points = values.flatMap((v, i) => (v === null ? [] : [{ i, v, px: x(i), py: y(v) }]));
  return (
    <figure className="trend-chart" data-testid={`trend-${figure.key}`}>
      <figcaption>
        {figure.name} <span className="muted">({figure.better} is better)</span>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={figure.name}>
        <line x1={PAD.left} x2={W - PAD.right} y1={H - PAD.bottom} y2={H - PAD.bottom} className="axis" />
        <polyline
          points={points.map((p) => `${p.px},${p.py}`).join(' ')}
          className="trend-line"
          fill="none"
        />
        {points.map((p) => (
          <g key={p.i}>
            <circle cx={p.px} cy={p.py} r={3} className="trend-point" />
            <text x={p.px} y={p.py - 4} textAnchor="middle" className="trend-value">
              {formatTrendValue(figure, p.v, rows[p.i]?.costUnknown)}
            </text>
          </g>
        ))}
        {rows.map((r, i) => (
          <text key={r.cycle} x={x(i)} y={H - 4} textAnchor="middle" className="trend-cycle">
            {r.cycle}
          </text>
        ))}
      </svg>
    </figure>
  );
}

/** Per cycle, whether compounding works: the figures of `grove report --trend`, as charts. */
export function Trends({ live }: { live: LiveBoard }): ReactNode {
  const { data, error } = useFetched(live, api.trend, [], {
    when: (events) => events.some((e) => e.type === 'state' || e.type === 'learning'),
  });
  if (error) return <div className="error">{error}</div>;
  if (!data) return <p className="muted">Loading…</p>;
  return (
    <div data-testid="trends">
      <h1>Trends</h1>
      {data.length === 0 ? (
        <p className="muted">No cycles yet: plan and run one.</p>
      ) : (
        <>
          <p className="muted">
            {data.length} cycle{data.length === 1 ? '' : 's'}:{' '}
            {data.map((r) => `cycle ${r.cycle} merged ${r.merged} of ${r.tasks}`).join(', ')}. A cycle is the
            tasks planned together.
          </p>
          <div className="trend-charts">
            {TREND_FIGURES.map((f) => (
              <Chart key={f.key} figure={f} rows={data} />
            ))}
          </div>
        </>
      )}
    </div>
  );
}
