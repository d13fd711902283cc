import type { ReactNode } from 'react';
import { memo } from 'react';
import type { BoardTask } from '../shared/api.js';
import { TASK_STATES } from '../shared/task-state.js';
import type { TaskState } from '../shared/task-state.js';
import { formatAge, formatTokens } from './format.js';
import type { LiveBoard } from './live.js';
import { useLive, useNow } from './use-live.js';

/** Columns always shown (the main flow); the others appear when a task is in them. */
const MAIN_FLOW: readonly TaskState[] = [
  'planned',
  'ready',
  'running',
  'paused',
  'verifying',
  'fixing',
  'verified',
  'queued',
  'integrating',
  'merged',
];

export function Board({ live }: { live: LiveBoard }): ReactNode {
  const { board, clockSkew } = useLive(live);
  const now = useNow() + clockSkew;
  const byState = new Map<TaskState, BoardTask[]>();
  for (const t of board.tasks.values()) {
    const list = byState.get(t.state) ?? [];
    list.push(t);
    byState.set(t.state, list);
  }
  const columns = TASK_STATES.filter((s) => MAIN_FLOW.includes(s) || byState.has(s));
  return (
    <div className="board" data-testid="board">
      {columns.map((state) => {
        const tasks = byState.get(state) ?? [];
        return (
          <section
            key={state}
            className={`column col-${state}${tasks.length === 0 ? ' empty' : ''}`}
            data-testid={`column-${state}`}
            title={tasks.length === 0 ? `${state}: no task` : undefined}
          >
            <h2>
              {state} <span className="count">{tasks.length}</span>
            </h2>
            {tasks.map((t) => (
              <TaskCard key={t.id} task={t} now={now} />
            ))}
          </section>
        );
      })}
    </div>
  );
}

const TaskCard = memo(function TaskCard({ task, now }: { task: BoardTask; now: number }): ReactNode {
  const { used, budget } = task.tokens;
  const fraction = budget ? Math.min(1, used / budget) : 0;
  return (
    <a
      className="card"
      href={`#/task/${encodeURIComponent(task.id)}`}
      data-testid={`card-${task.id}`}
      data-state={task.state}
    >
      <div className="card-head">
        <span className="task-id">{task.id}</span>
        {task.conflictsWith.length > 0 && (
          <span className="badge conflict" title={`conflicts with ${task.conflictsWith.join(', ')}`}>
            ⚠ {task.conflictsWith.length}
          </span>
        )}
        <span className="age" title="time in this state">
          {formatAge(now - task.stateSince)}
        </span>
      </div>
      <div className="title">{task.title}</div>
      <div className="meta">
        <span className="agent">{task.agent ?? '—'}</span>
        {task.host !== null && (
          <span className="host" data-testid="host" title={`runs on host ${task.host}`}>
            @{task.host}
          </span>
        )}
        <span className="tokens" data-testid="tokens">
          {formatTokens(used)}
          {budget ? ` / ${formatTokens(budget)}` : ''}
        </span>
      </div>
      <div className="bar" title={`${Math.round(fraction * 100)}% of the token budget`}>
        <div className={`fill ${fraction >= 0.85 ? 'hot' : ''}`} style={{ width: `${fraction * 100}%` }} />
      </div>
      {task.gates.length > 0 && (
        <div className="gates">
          {task.gates.map((g) => (
            <span key={g.gate} className={`gate ${g.ok ? 'ok' : 'fail'}`}>
              {g.ok ? '✓' : '✗'} {g.gate}
            </span>
          ))}
        </div>
      )}
      {task.lastActivity && (
        <div
          className="activity"
          data-testid="activity"
          data-event-id={task.lastActivity.eventId}
          data-at={task.lastActivity.at}
        >
          {task.lastActivity.text}
        </div>
      )}
    </a>
  );
});
