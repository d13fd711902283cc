import { AgentEventSchema } from './agent-event.js';
import type { AgentEvent } from './agent-event.js';
import type { JournalEvent } from './api.js';
import { TaskStateSchema } from './task-state.js';
import type { TaskState } from './task-state.js';

/**
 * How the dashboard reads journal rows, shared by the server (snapshots) and the page (live updates)
 * so both describe an event the same way. Rows come from other processes: parse, never trust.
 */

/** The agent event inside a journal row of type 'agent' ({attemptId, stream, event}). */
export function agentEventOf(ev: JournalEvent): { attemptId: number | null; event: AgentEvent } | undefined {
  if (ev.type !== 'agent' || typeof ev.data !== 'object' || ev.data === null) return undefined;
  const data = ev.data as { attemptId?: unknown; event?: unknown };
  const parsed = AgentEventSchema.safeParse(data.event ?? data);
  if (!parsed.success) return undefined;
  return { attemptId: typeof data.attemptId === 'number' ? data.attemptId : null, event: parsed.data };
}

/** The state change a row of type 'state' records. */
export function stateChangeOf(ev: JournalEvent): { to: TaskState; cause: string } | undefined {
  if (ev.type !== 'state' || typeof ev.data !== 'object' || ev.data === null) return undefined;
  const data = ev.data as { to?: unknown; cause?: unknown };
  const to = TaskStateSchema.safeParse(data.to);
  if (!to.success) return undefined;
  return { to: to.data, cause: typeof data.cause === 'string' ? data.cause : '' };
}

/** A gate result a row of type 'gate' records. */
export function gateResultOf(ev: JournalEvent): { gate: string; ok: boolean } | undefined {
  if (ev.type !== 'gate' || typeof ev.data !== 'object' || ev.data === null) return undefined;
  const data = ev.data as { gate?: unknown; ok?: unknown };
  if (typeof data.gate !== 'string' || typeof data.ok !== 'boolean') return undefined;
  return { gate: data.gate, ok: data.ok };
}

/** Tokens a usage event counts (input + output + cache writes, as the usage store counts them). */
export function usageTokens(event: AgentEvent): number {
  return event.kind === 'usage' ? event.input + event.output + event.cacheWrite : 0;
}

function clip(text: string, max = 140): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/** One line for a person: what this agent event says. */
export function describeAgentEvent(event: AgentEvent): string {
  switch (event.kind) {
    case 'session':
      return `session ${event.sessionId}${event.model ? ` (${event.model})` : ''}`;
    case 'message':
      return clip(`${event.role === 'user' ? 'user: ' : ''}${event.text}`);
    case 'tool_call': {
      const files = event.files.join(', ');
      const summary = event.summary && event.summary !== files ? ` — ${event.summary}` : '';
      return clip(`${event.name}${files ? ` ${files}` : ''}${summary}`);
    }
    case 'tool_result':
      return clip(`${event.ok ? 'ok' : 'failed'}${event.text ? `: ${event.text}` : ''}`);
    case 'usage':
      return `+${usageTokens(event)} tokens`;
    case 'error':
      return clip(`error: ${event.message}`);
    case 'finished':
      return clip(`finished ${event.ok ? 'ok' : 'with failure'}${event.result ? `: ${event.result}` : ''}`);
  }
}

/** One line for any journal row, or undefined for rows the board does not show as activity. */
export function describeEvent(ev: JournalEvent): string | undefined {
  const agent = agentEventOf(ev);
  if (agent) return describeAgentEvent(agent.event);
  const state = stateChangeOf(ev);
  if (state) return clip(`→ ${state.to}${state.cause ? ` (${state.cause})` : ''}`);
  const gate = gateResultOf(ev);
  if (gate) return `gate ${gate.gate} ${gate.ok ? 'passed' : 'failed'}`;
  return describeOther(ev);
}

/** Attempt start/end and notifications, read leniently (fields other writers may add are ignored). */
function describeOther(ev: JournalEvent): string | undefined {
  if (typeof ev.data !== 'object' || ev.data === null) return undefined;
  const d = ev.data as Record<string, unknown>;
  const str = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
  if (ev.type === 'attempt') {
    const what = `attempt #${str(d.n)}${d.kind ? ` ${str(d.kind)}` : ''}${d.agent ? ` (${str(d.agent)})` : ''}`;
    if (d.phase === 'ended') {
      const exit = d.exitCode !== null && d.exitCode !== undefined ? `, exit ${str(d.exitCode)}` : '';
      return clip(`${what} ended: ${str(d.outcome)}${exit}${d.signal ? `, ${str(d.signal)}` : ''}`);
    }
    return clip(`${what} ${str(d.phase) || 'started'}`);
  }
  if (ev.type === 'notify' && typeof d.message === 'string') return clip(d.message);
  return undefined;
}
