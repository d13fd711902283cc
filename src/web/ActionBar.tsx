import type { ReactNode } from 'react';
import { useState } from 'react';
import type { ActionResult, AttachCommand, DashboardAction } from '../shared/api.js';
import { applicableActions } from '../shared/task-actions.js';
import type { TaskState } from '../shared/task-state.js';
import { api } from './api.js';

/** The lead's buttons for one task (only those that apply in its state), and "open in terminal". */
export function ActionBar({
  taskId,
  state,
  attach,
  onDone,
}: {
  taskId: string;
  state: TaskState;
  attach: AttachCommand | null;
  onDone: () => void;
}): ReactNode {
  const shown = new Set(applicableActions(state));
  const [result, setResult] = useState<ActionResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [addTokens, setAddTokens] = useState('100000');
  const [agent, setAgent] = useState('');
  const [showAttach, setShowAttach] = useState(false);
  const run = (action: DashboardAction): void => {
    setError(null);
    api.act(action).then(
      (r) => {
        setResult(r);
        onDone();
      },
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  };
  const tokens = Number(addTokens);
  return (
    <div className="actions" data-testid="actions">
      {shown.has('pause') && <button onClick={() => run({ kind: 'pause', taskId })}>Pause</button>}
      {shown.has('resume') && (
        <span className="group">
          <button
            onClick={() =>
              run({ kind: 'resume', taskId, ...(tokens > 0 ? { addTokens: Math.floor(tokens) } : {}) })
            }
          >
            Resume
          </button>
          <label>
            +{' '}
            <input
              aria-label="tokens to add"
              value={addTokens}
              onChange={(e) => setAddTokens(e.target.value)}
              size={8}
              inputMode="numeric"
            />{' '}
            tokens
          </label>
        </span>
      )}
      {shown.has('stop') && <button onClick={() => run({ kind: 'stop', taskId })}>Stop</button>}
      {shown.has('retry') && <button onClick={() => run({ kind: 'retry', taskId })}>Retry</button>}
      {shown.has('abandon') && <button onClick={() => run({ kind: 'abandon', taskId })}>Abandon</button>}
      {shown.has('reassign') && (
        <span className="group">
          <button onClick={() => run({ kind: 'reassign', taskId, ...(agent ? { agent } : {}) })}>
            Reassign
          </button>
          <input
            aria-label="agent"
            placeholder="agent (same)"
            value={agent}
            onChange={(e) => setAgent(e.target.value)}
            size={10}
          />
        </span>
      )}
      {shown.has('approve-scope') && (
        <button onClick={() => run({ kind: 'approve-scope', taskId })}>Approve scope</button>
      )}
      {shown.has('enqueue') && <button onClick={() => run({ kind: 'enqueue', taskId })}>Enqueue</button>}
      <button
        onClick={() => setShowAttach((v) => !v)}
        disabled={attach === null}
        title={attach === null ? 'no session or worktree yet' : ''}
      >
        Open in terminal
      </button>
      {showAttach && attach && (
        <div className="attach">
          <code data-testid="attach-command">{attach.display}</code>
          <button onClick={() => void navigator.clipboard?.writeText(attach.display)}>Copy</button>
        </div>
      )}
      {result && (
        <div className={`result result-${result.kind}`} data-testid="action-result">
          {result.message}
          {result.kind === 'refused' && result.hint ? ` (${result.hint})` : ''}
        </div>
      )}
      {error && <div className="error">{error}</div>}
    </div>
  );
}
