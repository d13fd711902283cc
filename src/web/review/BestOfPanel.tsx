import type { ReactNode } from 'react';
import { useEffect, useState } from 'react';
import type { ReviewCompare, ReviewPage } from '../../shared/api.js';
import { api } from '../api.js';

type BestOf = NonNullable<ReviewPage['review']['bestOf']>;

/**
 * The attempts of a best-of task beside the one under review: grove's ranking (best first, why),
 * grove's pick marked, a link to each attempt's own review, and the diff between this attempt and
 * another one.
 */
export function BestOfPanel({ id, bestOf }: { id: string; bestOf: BestOf }): ReactNode {
  const [other, setOther] = useState<string>('');
  const [compare, setCompare] = useState<ReviewCompare | string | null>(null);
  useEffect(() => {
    if (other === '') {
      setCompare(null);
      return;
    }
    let alive = true;
    api.reviewCompare(id, other).then(
      (d) => alive && setCompare(d),
      (e: unknown) => alive && setCompare(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      alive = false;
    };
  }, [id, other]);
  const others = bestOf.attempts.filter((a) => a.id !== id && a.tip !== null);
  return (
    <section className="best-of" data-testid="best-of">
      <h3>
        Best of {bestOf.attempts.length}: {bestOf.group}
      </h3>
      {!bestOf.ranked && (
        <p className="muted">The attempts are still running; grove ranks them when all have settled.</p>
      )}
      <table>
        <thead>
          <tr>
            <th>#</th>
            <th>Attempt</th>
            <th>State</th>
            <th>Why</th>
          </tr>
        </thead>
        <tbody>
          {bestOf.attempts.map((a) => (
            <tr key={a.id} className={a.id === id ? 'current' : ''} data-testid="best-of-attempt">
              <td>{a.rank ?? '—'}</td>
              <td>
                {a.id === id ? (
                  <strong>{a.id}</strong>
                ) : (
                  <a href={`#/review/${encodeURIComponent(a.id)}`}>{a.id}</a>
                )}
                {a.id === bestOf.pick && (
                  <span className="badge" data-testid="best-of-pick">
                    {' '}
                    grove’s pick
                  </span>
                )}
              </td>
              <td>{a.state}</td>
              <td className="muted">{a.why ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {others.length > 0 && (
        <label>
          Compare with{' '}
          <select value={other} onChange={(e) => setOther(e.target.value)} data-testid="best-of-compare">
            <option value="">—</option>
            {others.map((a) => (
              <option key={a.id} value={a.id}>
                {a.id}
              </option>
            ))}
          </select>
        </label>
      )}
      {typeof compare === 'string' && <p className="error">{compare}</p>}
      {compare !== null && typeof compare !== 'string' && (
        <div data-testid="best-of-diff">
          <p className="muted">
            What {compare.to} does differently from {compare.from} ({compare.files.length} file
            {compare.files.length === 1 ? '' : 's'}):
          </p>
          {compare.files.map((f) => (
            <pre key={f.path} className="patch">
              {f.patch}
            </pre>
          ))}
        </div>
      )}
    </section>
  );
}
