import type { ReactNode } from 'react';
import { useState } from 'react';
import type { ActionResult, PlanView } from '../shared/api.js';
import { api } from './api.js';
import { formatTime } from './format.js';
import type { LiveBoard } from './live.js';
import { useFetched } from './use-live.js';

type PlanTask = PlanView['tasks'][number];

const APPROVAL_LABEL: Record<NonNullable<PlanTask['approval']>, string> = {
  approved: 'approved',
  changed: 'changed since approval',
  new: 'not approved yet',
};

/**
 * The plan as the specs on disk lay it out — tasks by wave, what each owns, its dependencies, the
 * commands that prove it done, its budget, the overlaps — and the lead's approval of it
 * (config `review.plan: required`: no task starts on a spec the approval does not hold).
 */
export function Plan({ live }: { live: LiveBoard }): ReactNode {
  const { data, error, reload } = useFetched(live, api.plan, [], {
    when: (events) => events.some((e) => e.type === 'plan-approval' || e.type === 'state'),
  });
  const [result, setResult] = useState<ActionResult | null>(null);
  const approve = (): void => {
    api.act({ kind: 'approve-plan' }).then(
      (r) => (setResult(r), reload()),
      (e: unknown) => setResult({ kind: 'refused', message: e instanceof Error ? e.message : String(e) }),
    );
  };
  if (error) return <div className="error">{error}</div>;
  if (!data) return <p className="muted">Loading…</p>;
  const byId = new Map(data.tasks.map((t) => [t.id, t]));
  const a = data.approval;
  return (
    <div className="plan" data-testid="plan">
      <h1>Plan</h1>
      <p data-testid="plan-approval">
        {a.latest ? `Approved by ${a.latest.by} at ${formatTime(a.latest.at)}.` : 'Not approved yet.'}{' '}
        {a.waiting > 0 &&
          `${a.waiting} spec${a.waiting === 1 ? '' : 's'} wait${a.waiting === 1 ? 's' : ''} for approval. `}
        {a.required
          ? 'review.plan: required — no task starts on a spec the approval does not hold.'
          : 'review.plan: auto — tasks start without an approval.'}
      </p>
      {data.errors.length > 0 ? (
        <div className="error" data-testid="plan-errors">
          <p>The plan has errors; nothing can be approved until they are fixed:</p>
          <pre>{data.errors.join('\n')}</pre>
        </div>
      ) : (
        <button onClick={approve} disabled={a.waiting === 0} data-testid="approve-plan">
          {a.waiting === 0 ? 'Plan approved' : 'Approve the plan'}
        </button>
      )}
      {result && <div className={`result result-${result.kind}`}>{result.message}</div>}
      {data.warnings.length > 0 && <pre className="muted">{data.warnings.join('\n')}</pre>}
      {data.specReview.length > 0 && (
        <section data-testid="spec-review">
          <h2>
            Spec review <span className="count">{data.specReview.length}</span>
          </h2>
          <p className="muted">What would make each spec better; the plan runs as it is.</p>
          <pre>{data.specReview.join('\n')}</pre>
        </section>
      )}
      {data.waves.map((wave, i) => (
        <section key={i} data-testid={`wave-${i + 1}`}>
          <h2>
            Wave {i + 1} <span className="count">{wave.length}</span>
          </h2>
          <table>
            <thead>
              <tr>
                <th>Task</th>
                <th>Owns</th>
                <th>Depends on</th>
                <th>Accept</th>
                <th>Agent</th>
                <th>Budget</th>
                <th>Spec</th>
              </tr>
            </thead>
            <tbody>
              {wave.flatMap((id) => {
                const t = byId.get(id);
                return t ? [<PlanRow key={id} task={t} after={data.after[id] ?? []} />] : [];
              })}
            </tbody>
          </table>
        </section>
      ))}
      {data.blocked.length > 0 && (
        <p className="error">In or behind a dependency cycle: {data.blocked.join(', ')}</p>
      )}
      <section data-testid="plan-overlaps">
        <h2>
          Ownership overlaps <span className="count">{data.overlaps.length}</span>
        </h2>
        {data.overlaps.length === 0 ? (
          <p className="muted">None: every task owns its own paths.</p>
        ) : (
          <ul>
            {data.overlaps.map((o) => (
              <li key={`${o.a}-${o.b}`}>
                {o.a} and {o.b} both own {o.shared}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function PlanRow({ task, after }: { task: PlanTask; after: PlanView['after'][string] }): ReactNode {
  return (
    <tr data-testid={`plan-task-${task.id}`}>
      <td>
        <a href={`#/task/${encodeURIComponent(task.id)}`}>{task.id}</a> {task.title}
        {after.length > 0 && (
          <div className="muted">after {after.map((x) => `${x.id} (${x.shared})`).join(', ')}</div>
        )}
      </td>
      <td>{task.owns.join(', ')}</td>
      <td>{task.dependsOn.join(', ') || '—'}</td>
      <td>{task.accept.length === 0 ? '—' : task.accept.map((c) => <code key={c}>{c}</code>)}</td>
      <td>{task.agent}</td>
      <td>{task.budgetTokens.toLocaleString('en-US')}</td>
      <td className={`approval approval-${task.approval ?? 'none'}`}>
        {task.approval ? APPROVAL_LABEL[task.approval] : '—'}
        <div className="muted">{task.file}</div>
      </td>
    </tr>
  );
}
