// What a reviewer reads beside the diff: the gates with their evidence, the agent's own summary, the
// scope and the predicted conflicts (the same facts `grove review <task>` prints).
import type { ReactNode } from 'react';
import type { ReviewPage } from '../../shared/api.js';

export function ReviewFacts({ review }: { review: ReviewPage['review'] }): ReactNode {
  return (
    <section>
      <h2>Gates</h2>
      {review.gates.length === 0 ? (
        <p className="muted">No gate ran on this commit.</p>
      ) : (
        review.gates.map((g) => (
          <details key={g.gate} className={`gate-run ${g.ok ? 'ok' : 'fail'}`} data-testid="review-gate">
            <summary>
              {g.ok ? '✓' : '✗'} {g.gate} · exit {g.exitCode ?? '—'} · {(g.durationMs / 1000).toFixed(1)}s
            </summary>
            <code>{g.command}</code>
            <pre>{g.outputTail || '(no output)'}</pre>
            {g.outputPath && <p className="muted">full log: {g.outputPath}</p>}
          </details>
        ))
      )}
      <h2>The agent's summary</h2>
      <p data-testid="agent-summary">
        {review.summary ?? <span className="muted">The agent left none.</span>}
      </p>
      <h2>Scope</h2>
      <p>
        {review.scope.files.length} file(s) changed; owns {review.scope.owns.join(', ') || '—'}
        {review.scope.outside.length > 0 && (
          <span className="error-text"> · outside its scope: {review.scope.outside.join(', ')}</span>
        )}
      </p>
      <h2>Predicted conflicts</h2>
      {review.conflicts.length === 0 ? (
        <p className="muted">None with other branches.</p>
      ) : (
        <ul>
          {review.conflicts.map((c) => (
            <li key={c.with}>
              with <b>{c.with}</b>: {c.files.join(', ')}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
