import type { MutableRefObject, ReactNode } from 'react';
import { useEffect, useRef, useState } from 'react';
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
import { useLearningKeys } from './learning-keys.js';
import type { MergeTarget } from './MergeInto.js';
import { MergeInto, mergeTargets } from './MergeInto.js';
import type { LearningKeyActions } from './learning-keys.js';

/** Proposed lessons for AGENTS.md: accept, edit, reject or merge each; j/k a r e m from the keyboard. */
export function Learnings({ live }: { live: LiveBoard }): ReactNode {
  const { data, error, reload } = useFetched(live, api.learnings, [], {
    when: (events) => events.some((e) => e.type !== 'agent'),
  });
  const agentsMd = useFetched(live, api.agentsMd, [], {
    when: (events) => events.some((e) => e.type === 'learning'),
  });
  const [result, setResult] = useState<ActionResult | null>(null);
  const [selected, setSelected] = useState(0);
  const keys = useRef<LearningKeyActions | null>(null);
  const count = data?.length ?? 0;
  useLearningKeys({
    next: () => setSelected((i) => Math.min(i + 1, Math.max(count - 1, 0))),
    previous: () => setSelected((i) => Math.max(i - 1, 0)),
    accept: () => keys.current?.accept(),
    reject: () => keys.current?.reject(),
    edit: () => keys.current?.edit(),
    merge: () => keys.current?.merge(),
  });
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
      {data.length > 0 && (
        <p className="muted" data-testid="learning-keys">
          Keys: j/k move, a accept, r reject, e edit, m merge into
        </p>
      )}
      {data.map((l, i) => (
        <Proposal
          key={l.id}
          learning={l}
          act={act}
          selected={i === Math.min(selected, count - 1)}
          keys={keys}
          targets={mergeTargets(l, data, agentsMd.data)}
        />
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
  selected,
  keys,
  targets,
}: {
  learning: LearningView;
  act: (a: DashboardAction) => void;
  selected: boolean;
  keys: MutableRefObject<LearningKeyActions | null>;
  targets: MergeTarget[];
}): ReactNode {
  const [text, setText] = useState(learning.entry);
  const [details, setDetails] = useState<LearningEvidenceView | string | null>(null);
  const [merging, setMerging] = useState(false);
  const textRef = useRef<HTMLTextAreaElement | null>(null);
  const selectRef = useRef<HTMLSelectElement | null>(null);
  const boxRef = useRef<HTMLDivElement | null>(null);
  const editing = text !== learning.entry;
  const accept = (): void =>
    act(
      editing
        ? { kind: 'learning-edit', id: learning.id, entry: text }
        : { kind: 'learning-accept', id: learning.id },
    );
  const reject = (): void => act({ kind: 'learning-reject', id: learning.id });
  const open = learning.status === 'proposed';
  useEffect(() => {
    if (!selected) return;
    boxRef.current?.scrollIntoView({ block: 'nearest' });
    keys.current = {
      next: () => undefined,
      previous: () => undefined,
      accept: () => open && accept(),
      reject: () => open && reject(),
      edit: () => textRef.current?.focus(),
      merge: () => {
        if (!open) return;
        setMerging(true);
        setTimeout(() => selectRef.current?.focus(), 0);
      },
    };
  });
  const toggleEvidence = (): void => {
    if (details !== null) return setDetails(null);
    api
      .learningEvidence(learning.id)
      .then(setDetails, (e: unknown) => setDetails(e instanceof Error ? e.message : String(e)));
  };
  return (
    <div
      ref={boxRef}
      className={`proposal status-${learning.status}${selected ? ' selected' : ''}`}
      data-testid="proposal"
      data-id={learning.id}
      data-selected={selected ? 'true' : 'false'}
      aria-current={selected ? 'true' : undefined}
    >
      <div>
        <span className="section">{learning.section}</span> <span className="status">{learning.status}</span>
      </div>
      <textarea
        ref={textRef}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') e.currentTarget.blur();
          if (e.key === 'Enter' && !e.shiftKey) {
            e.preventDefault();
            accept();
          }
        }}
        rows={2}
        aria-label={`entry ${learning.id}`}
      />
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
      <button onClick={accept}>{editing ? 'Save & accept' : 'Accept'}</button>
      <button onClick={reject}>Reject</button>
      <button type="button" onClick={() => setMerging((m) => !m)} data-testid="merge-open">
        Merge into…
      </button>
      {merging && <MergeInto learning={learning} targets={targets} act={act} selectRef={selectRef} />}
    </div>
  );
}
