import type { ReactNode } from 'react';
import type { QueueView } from '../shared/api.js';
import { api } from './api.js';
import { formatTime } from './format.js';
import type { LiveBoard } from './live.js';
import { useFetched } from './use-live.js';

type Entry = QueueView['candidates'][number];

function Entries({ title, entries }: { title: string; entries: Entry[] }): ReactNode {
  return (
    <section>
      <h2>
        {title} <span className="count">{entries.length}</span>
      </h2>
      {entries.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <table>
          <tbody>
            {entries.map((e, i) => (
              <tr key={`${e.taskId}-${i}`}>
                <td>
                  <a href={`#/task/${encodeURIComponent(e.taskId)}`}>{e.taskId}</a>
                </td>
                <td>{e.status}</td>
                <td>{formatTime(e.at)}</td>
                <td>{e.detail ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The merge queue: candidates, speculative window, tests running, history. */
export function Queue({ live }: { live: LiveBoard }): ReactNode {
  const { data, error } = useFetched(live, api.queue, [], {
    when: (events) => events.some((e) => e.type !== 'agent'),
  });
  if (error) return <div className="error">{error}</div>;
  if (!data) return <p className="muted">Loading…</p>;
  return (
    <div data-testid="queue">
      <h1>Queue</h1>
      {data.note && <p className="muted">{data.note}</p>}
      <p>Speculative window: {data.window ?? '—'}</p>
      <Entries title="Candidates" entries={data.candidates} />
      <Entries title="Running tests" entries={data.running} />
      <Entries title="History" entries={data.history} />
    </div>
  );
}
