// One line per task for the live progress display: state, agent, tokens/budget, last activity, gates.
import { formatTokens } from '../../core/budget.js';
import type { Stores } from '../../infra/db/stores.js';
import type { TaskRow } from '../../infra/db/task-store.js';
import { describeAgentEvent } from '../../shared/agent-event-text.js';

export interface TaskLine {
  id: string;
  state: string;
  agent: string;
  tokens: string;
  activity: string;
  gates: string;
}

function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s}s` : s < 3600 ? `${Math.floor(s / 60)}m` : `${Math.floor(s / 3600)}h`;
}

export function taskLine(
  stores: Stores,
  row: TaskRow,
  tokensUsed: number,
  defaultBudget: number,
  now: number,
): TaskLine {
  const last = stores.agentEvents.tail(row.id, 1)[0];
  const gates = stores.gates
    .latestByGate(row.id)
    .map((g) => `${g.gate} ${g.ok ? '✓' : '✗'}`)
    .join(' ');
  return {
    id: row.id,
    state: row.state,
    agent: row.agent ?? '-',
    tokens: `${formatTokens(tokensUsed)}/${formatTokens(row.budget_tokens ?? defaultBudget)}`,
    activity: last ? `${ago(now - last.at)} ago: ${describeAgentEvent(last.event)}` : '-',
    gates: gates || '-',
  };
}

function fit(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text.padEnd(width);
}

/** The lines as an aligned table cut to `columns`. */
export function renderTable(rows: readonly TaskLine[], columns: number): string[] {
  const header: TaskLine = {
    id: 'TASK',
    state: 'STATE',
    agent: 'AGENT',
    tokens: 'TOKENS',
    gates: 'GATES',
    activity: 'LAST ACTIVITY',
  };
  const lines = [header, ...rows];
  const w = (k: keyof TaskLine, min: number) => Math.max(min, ...lines.map((l) => l[k].length));
  const id = Math.min(w('id', 4), 24);
  const state = w('state', 5);
  const agent = Math.min(w('agent', 5), 12);
  const tokens = w('tokens', 6);
  const gates = Math.min(w('gates', 5), 30);
  const fixed = id + state + agent + tokens + gates + 10;
  const activity = Math.max(20, columns - fixed);
  return lines.map((l) =>
    [
      fit(l.id, id),
      fit(l.state, state),
      fit(l.agent, agent),
      fit(l.tokens, tokens),
      fit(l.gates, gates),
      fit(l.activity, activity),
    ]
      .join('  ')
      .trimEnd(),
  );
}
