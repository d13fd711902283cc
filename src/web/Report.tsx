import type { ReactNode } from 'react';
import { api } from './api.js';
import { formatDuration } from '../shared/duration.js';
import { formatCost } from '../shared/cost-format.js';
import { formatAge, formatTokens } from './format.js';
import type { LiveBoard } from './live.js';
import { useFetched } from './use-live.js';

/** The cycle report: totals, tasks by state and tokens per task as bar charts. */
export function Report({ live }: { live: LiveBoard }): ReactNode {
  const { data, error } = useFetched(live, api.report, [], { minMs: 3000 });
  if (error) return <div className="error">{error}</div>;
  if (!data) return <p className="muted">Loading…</p>;
  const { totals } = data;
  const maxTokens = Math.max(1, ...data.tasks.map((t) => t.tokens));
  const states = Object.entries(data.byState);
  const maxState = Math.max(1, ...states.map(([, n]) => n));
  return (
    <div data-testid="report">
      <h1>Report</h1>
      <div className="totals">
        <div>
          <b>{totals.merged}</b> / {totals.tasks} merged
        </div>
        <div>
          <b>{formatTokens(totals.tokens)}</b> tokens
        </div>
        <div>
          <b data-testid="report-cost">{formatCost(totals.costUsd, totals.costUnknown)}</b>
        </div>
        <div data-testid="report-wall-time">
          <b>{formatDuration(totals.wallMs)}</b>{' '}
          {totals.settled ? 'wall time, first start to settled' : 'wall time so far'}
        </div>
        <div>
          gates passed{' '}
          <b>{totals.gatePassRate === null ? '—' : `${Math.round(totals.gatePassRate * 100)}%`}</b>
        </div>
      </div>
      <h2>Tasks by state</h2>
      <svg
        className="bars"
        viewBox={`0 0 400 ${states.length * 22 + 4}`}
        role="img"
        aria-label="tasks by state"
      >
        {states.map(([state, n], i) => (
          <g key={state} transform={`translate(0 ${i * 22})`}>
            <text x={0} y={15} className="label">
              {state}
            </text>
            <rect
              x={100}
              y={3}
              height={16}
              width={(n / maxState) * 270}
              className={`state-bar state-${state}`}
            />
            <text x={104 + (n / maxState) * 270} y={15} className="label">
              {n}
            </text>
          </g>
        ))}
      </svg>
      <h2>Tasks</h2>
      <table>
        <thead>
          <tr>
            <th>task</th>
            <th>state</th>
            <th>tokens</th>
            <th>cost</th>
            <th>attempts</th>
            <th>gates</th>
            <th>wall time</th>
          </tr>
        </thead>
        <tbody>
          {data.tasks.map((t) => (
            <tr key={t.id}>
              <td>
                <a href={`#/task/${encodeURIComponent(t.id)}`}>{t.id}</a>
              </td>
              <td>{t.state}</td>
              <td>
                <span className="inline-bar" style={{ width: `${(t.tokens / maxTokens) * 80}px` }} />{' '}
                {formatTokens(t.tokens)}
              </td>
              <td>{formatCost(t.costUsd, t.costUnknown)}</td>
              <td>{t.attempts}</td>
              <td>{t.gateRuns === 0 ? '—' : `${t.gatePasses}/${t.gateRuns}`}</td>
              <td>{formatAge(t.wallMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {data.markdown && (
        <details>
          <summary>As Markdown</summary>
          <pre className="markdown">{data.markdown}</pre>
        </details>
      )}
    </div>
  );
}
