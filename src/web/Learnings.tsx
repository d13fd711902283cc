import type { ReactNode } from 'react';
import { useState } from 'react';
import type {
  ActionResult,
  AgentsMdView,
  DashboardAction,
  LearningEvidenceView,
  LearningView,
} from '../shared/api.js';
import { api } from './api.js';
import type { LiveBoard } from './live.js';
import { useFetched } from './use-live.js';

/** Proposed lessons for AGENTS.md: accept, edit or reject each. */
export function Learnings({ live }: { live: LiveBoard }): ReactNode {
  const { data, error, reload } = useFetched(live, api.learnings, [], {
    when: (events) => events.some((e) => e.type !== 'agent'),
  });
  const agentsMd = useFetched(live, api.agentsMd, [], {
    when: (events) => events.some((e) => e.type === 'learning'),
  });
  const [result, setResult] = useState<ActionResult | null>(null);
  const act = (action: DashboardAction): void => {
    api.act(action).then(
      (r) => (setResult(r), reload(), agentsMd.reload()),
      (e: unknown) => setResult({ kind: 'refused', message: e instanceof Error ? e.message : String(e) }),
    );
  };
  if (error) return <div className="error">{error}</div>;
  if (!data) return <p className="muted">Loading…</p>;
  return (
    <div data-testid="learnings">
      <h1>Learnings</h1>
      {result && <div className={`result result-${result.kind}`}>{result.message}</div>}
      {data.length === 0 && (
        <p className="muted">No proposals yet: they are gathered at the end of a cycle.</p>
      )}
      {data.map((l) => (
        <Proposal key={l.id} learning={l} act={act} />
      ))}
      {agentsMd.data && <AgentsMd view={agentsMd.data} act={act} />}
    </div>
  );
}

/** AGENTS.md as it stands against its budget (config agents_md); the person retires what no longer holds. */
function AgentsMd({ view, act }: { view: AgentsMdView; act: (a: DashboardAction) => void }): ReactNode {
  const retire = (entry: string): void => {
    if (window.confirm(`Remove "${entry}" from AGENTS.md?`)) act({ kind: 'agents-md-retire', entry });
  };
  return (
    <section data-testid="agents-md">
      <h2>AGENTS.md</h2>
      <p data-testid="agents-md-size">
        {view.lines} of {view.maxLines} lines
        {view.sections.length > 0 &&
          `; entries per section: ${view.sections.map((s) => `${s.name} ${s.entries}/${s.max}`).join(', ')}`}
      </p>
      {view.over.map((o) => (
        <div key={o} className="error">
          over budget: {o} — retire an entry or merge a proposal into one
        </div>
      ))}
      <ul>
        {view.entries.map((e) => (
          <li key={`${e.section ?? ''}:${e.text}`} data-testid="agents-md-entry">
            <span className="section">{e.section ?? '—'}</span> {e.text}{' '}
            <button type="button" onClick={() => retire(e.text)} aria-label={`retire ${e.text}`}>
              Retire
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Proposal({
  learning,
  act,
}: {
  learning: LearningView;
  act: (a: DashboardAction) => void;
}): ReactNode {
  const [text, setText] = useState(learning.entry);
  const [details, setDetails] = useState<LearningEvidenceView | string | null>(null);
  const editing = text !== learning.entry;
  const toggleEvidence = (): void => {
    if (details !== null) return setDetails(null);
    api
      .learningEvidence(learning.id)
      .then(setDetails, (e: unknown) => setDetails(e instanceof Error ? e.message : String(e)));
  };
  return (
    <div className={`proposal status-${learning.status}`}>
      <div>
        <span className="section">{learning.section}</span> <span className="status">{learning.status}</span>
      </div>
      <textarea value={text} onChange={(e) => setText(e.target.value)} rows={2} />
      {learning.contradicts.map((c) => (
        <div key={c} className="contradicts" data-testid="contradicts">
          may contradict AGENTS.md: “{c}”
        </div>
      ))}
      <div className="evidence">
        {learning.evidence.map((e, i) => (
          <span key={i}>
            {e.task} ({e.source}
            {e.commit ? ` ${e.commit.slice(0, 8)}` : ''})
          </span>
        ))}{' '}
        <button type="button" onClick={toggleEvidence} data-testid="show-evidence">
          {details === null ? 'Show evidence' : 'Hide evidence'}
        </button>
      </div>
      {typeof details === 'string' && <div className="error">{details}</div>}
      {Array.isArray(details) && (
        <div className="evidence-details" data-testid="evidence-details">
          {details.length === 0 && <p className="muted">Nothing more is stored for this evidence.</p>}
          {details.map((d, i) => (
            <div key={i}>
              <div className="evidence-title">
                {d.task} ({d.source}): {d.title}
              </div>
              <pre>{d.text}</pre>
            </div>
          ))}
        </div>
      )}
      <button
        onClick={() =>
          act(
            editing
              ? { kind: 'learning-edit', id: learning.id, entry: text }
              : { kind: 'learning-accept', id: learning.id },
          )
        }
      >
        {editing ? 'Save & accept' : 'Accept'}
      </button>
      <button onClick={() => act({ kind: 'learning-reject', id: learning.id })}>Reject</button>
    </div>
  );
}
