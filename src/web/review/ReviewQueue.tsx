// #/review: what waits for the lead's review, oldest first, with how long each has waited.
import type { ReactNode } from 'react';
import { api } from '../api.js';
import { formatAge } from '../format.js';
import type { LiveBoard } from '../live.js';
import { useFetched } from '../use-live.js';

export function ReviewQueue({ live }: { live: LiveBoard }): ReactNode {
  const { data, error } = useFetched(live, () => api.reviewQueue(), [], {
    when: (events) => events.some((e) => e.type === 'state'),
  });
  if (error) return <div className="error">{error}</div>;
  if (!data) return <p className="muted">Loading the review queue…</p>;
  return (
    <div className="review-queue" data-testid="review-queue">
      <h1>Review</h1>
      {data.tasks.length === 0 ? (
        <p className="muted">Nothing waits for your review.</p>
      ) : (
        <ol>
          {data.tasks.map((t) => (
            <li key={t.id}>
              <a href={`#/review/${encodeURIComponent(t.id)}`} data-testid="review-queue-item">
                <b>{t.id}</b> {t.title}
              </a>{' '}
              <span className="muted">waiting {formatAge(t.waitingMs)}</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
