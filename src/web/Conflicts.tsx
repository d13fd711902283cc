import type { ReactNode } from 'react';
import { api } from './api.js';
import type { LiveBoard } from './live.js';
import { useFetched } from './use-live.js';

/** Which task pairs are predicted to conflict, as a matrix. */
export function Conflicts({ live }: { live: LiveBoard }): ReactNode {
  const { data, error } = useFetched(live, api.conflicts, [], {
    when: (events) => events.some((e) => e.type !== 'agent'),
  });
  if (error) return <div className="error">{error}</div>;
  if (!data) return <p className="muted">Loading…</p>;
  const files = new Map<string, string[]>();
  for (const p of data.pairs) {
    files.set(`${p.a}\0${p.b}`, p.files);
    files.set(`${p.b}\0${p.a}`, p.files);
  }
  return (
    <div data-testid="conflicts">
      <h1>Conflicts</h1>
      {data.note && <p className="muted">{data.note}</p>}
      {data.tasks.length === 0 ? (
        <p className="muted">No tasks.</p>
      ) : (
        <table className="matrix">
          <thead>
            <tr>
              <th />
              {data.tasks.map((t) => (
                <th key={t} className="vertical">
                  {t}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.tasks.map((a) => (
              <tr key={a}>
                <th>{a}</th>
                {data.tasks.map((b) => {
                  const f = a === b ? undefined : files.get(`${a}\0${b}`);
                  return (
                    <td key={b} className={a === b ? 'self' : f ? 'hit' : ''} title={f?.join('\n')}>
                      {f ? f.length : ''}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
