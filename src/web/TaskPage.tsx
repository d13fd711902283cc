import type { ReactNode } from 'react';
import { useEffect, useMemo, useState } from 'react';
import type { JournalEvent, TaskDetail } from '../shared/api.js';
import { agentEventOf, describeEvent, usageTokens } from '../shared/journal-view.js';
import { ActionBar } from './ActionBar.js';
import { api } from './api.js';
import { DiffView } from './DiffView.js';
import { formatCost } from '../shared/cost-format.js';
import { formatAge, formatTime, formatTokens } from './format.js';
import type { LiveBoard } from './live.js';
import { TokenChart } from './TokenChart.js';
import { useFetched, useLive, useNow } from './use-live.js';

const SHOWN_EVENTS = 400;

export function TaskPage({ live, id }: { live: LiveBoard; id: string }): ReactNode {
  const { board, clockSkew } = useLive(live);
  const now = useNow() + clockSkew;
  const { data, error, reload } = useFetched(live, () => api.task(id), [id], {
    minMs: 2000,
    when: (events) => events.some((e) => e.taskId === id && e.type !== 'agent'),
  });
  const liveEvents = useTaskEvents(live, id, data);
  if (error) return <div className="error">{error}</div>;
  if (!data) return <p className="muted">Loading {id}…</p>;
  const task = board.tasks.get(id) ?? data.task;
  const events = liveEvents.slice(-SHOWN_EVENTS);
  return (
    <div className="task-page" data-testid="task-page">
      <h1>
        <a href="#/">Board</a> / {task.id}{' '}
        <span className={`state state-${task.state}`} data-testid="task-state">
          {task.state}
        </span>
      </h1>
      <p className="title">{task.title}</p>
      <p className="task-meta">
        agent <b>{task.agent ?? '—'}</b>
        {task.host !== null && (
          <>
            {' '}
            on host <b data-testid="task-host">{task.host}</b>
          </>
        )}{' '}
        · {formatTokens(task.tokens.used)}
        {task.tokens.budget ? ` / ${formatTokens(task.tokens.budget)}` : ''} tokens ·{' '}
        <span data-testid="task-cost">{formatCost(task.tokens.costUsd, task.tokens.costUnknown)}</span> · in{' '}
        {task.state} for {formatAge(now - task.stateSince)}
        {data.branch && ` · branch ${data.branch}`}
        {data.worktree && ` · ${data.worktree}`}
      </p>
      <ActionBar taskId={id} state={task.state} attach={data.attach} onDone={reload} />
      {data.agentPlan && (
        <section className="agent-plan" data-testid="agent-plan">
          <h2>
            Agent plan{data.agentPlan.number > 1 ? ` (revision ${data.agentPlan.number - 1})` : ''}
            {data.agentPlan.awaitingReview
              ? ' · waits for your review'
              : data.agentPlan.approved
                ? ' · approved'
                : ''}
          </h2>
          <pre>{data.agentPlan.text}</pre>
        </section>
      )}
      <div className="task-grid">
        <section>
          <h2>Events</h2>
          <ol className="events" data-testid="events">
            {events.map((e) => (
              <EventRow key={e.id} ev={e} />
            ))}
          </ol>
        </section>
        <section>
          <h2>Tokens</h2>
          <TokenChart
            series={seriesOf(data, liveEvents)}
            budget={task.tokens.budget}
            pauseAt={task.tokens.pauseAt}
            costUsd={task.tokens.costUsd}
            costUnknown={task.tokens.costUnknown}
          />
          <h2>Gates</h2>
          {data.gates.length === 0 ? (
            <p className="muted">No gate has run.</p>
          ) : (
            data.gates.map((g, i) => (
              <details key={i} className={`gate-run ${g.ok ? 'ok' : 'fail'}`}>
                <summary>
                  {g.ok ? '✓' : '✗'} {g.gate} · exit {g.exitCode ?? '—'}
                  {g.timedOut ? ' (timed out)' : ''} · {(g.durationMs / 1000).toFixed(1)}s ·{' '}
                  {formatTime(g.at)}
                </summary>
                <code>{g.command}</code>
                <pre>{g.output}</pre>
              </details>
            ))
          )}
          <h2>Attempts</h2>
          {data.attempts.length === 0 ? (
            <p className="muted">No attempt yet.</p>
          ) : (
            <table>
              <tbody>
                {data.attempts.map((a) => (
                  <tr key={a.n}>
                    <td>#{a.n}</td>
                    <td>{a.kind}</td>
                    <td>{a.agent}</td>
                    <td>{formatTime(a.startedAt)}</td>
                    <td>{a.endedAt ? formatAge(a.endedAt - a.startedAt) : 'running'}</td>
                    <td>{a.outcome ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
      <h2>Diff</h2>
      <DiffView diff={data.diff} />
    </div>
  );
}

function EventRow({ ev }: { ev: JournalEvent }): ReactNode {
  const agent = agentEventOf(ev);
  const kind = agent ? agent.event.kind : ev.type;
  return (
    <li className={`ev ev-${kind}`}>
      <span className="time">{formatTime(ev.at)}</span> <span className="kind">{kind}</span>{' '}
      <span className="text">{describeEvent(ev) ?? `unreadable ${ev.type} event`}</span>
    </li>
  );
}

/** The task's events: the loaded page, then every live event for it appended as it arrives. */
function useTaskEvents(live: LiveBoard, id: string, data: TaskDetail | null): JournalEvent[] {
  const [extra, setExtra] = useState<JournalEvent[]>([]);
  useEffect(() => {
    setExtra([]);
    return live.onEvents((events) => {
      const mine = events.filter((e) => e.taskId === id);
      if (mine.length > 0) setExtra((prev) => [...prev, ...mine].slice(-SHOWN_EVENTS * 2));
    });
  }, [live, id]);
  return useMemo(() => {
    const loaded = data?.events ?? [];
    const last = loaded.at(-1)?.id ?? 0;
    return [...loaded, ...extra.filter((e) => e.id > last)];
  }, [data, extra]);
}

/** The stored token series, extended by live usage events newer than the page load. */
function seriesOf(data: TaskDetail, events: JournalEvent[]): Array<{ at: number; total: number }> {
  const series = [...data.tokenSeries];
  const loadedUpTo = data.events.at(-1)?.id ?? 0;
  let total = series.at(-1)?.total ?? 0;
  for (const e of events) {
    if (e.id <= loadedUpTo) continue;
    const agent = agentEventOf(e);
    if (agent?.event.kind === 'usage') series.push({ at: e.at, total: (total += usageTokens(agent.event)) });
  }
  return series;
}
