import type { AgentEvent } from './agent-event.js';
import { clip, describeAgentEvent } from './agent-event-text.js';

export { describeAgentEvent, usageTokens } from './agent-event-text.js';
import type { JournalEvent } from './api.js';
import type { JournalEvent as TypedJournalEvent } from './journal-event.js';
import { JournalEventSchema } from './journal-event.js';
import { journalSentence } from './journal-sentence.js';
import type { TaskState } from './task-state.js';

/**
 * How the dashboard reads journal rows, shared by the server (snapshots) and the page (live updates)
 * so both describe an event the same way. Rows come from other processes: parse, never trust.
 */

/** The row's event, typed, or undefined when it is not a valid journal event (src/shared/journal-event.ts). */
export function typedEventOf(ev: JournalEvent): TypedJournalEvent | undefined {
  const parsed = JournalEventSchema.safeParse({ type: ev.type, data: ev.data });
  return parsed.success ? parsed.data : undefined;
}

/** The agent event inside a journal row of type 'agent' ({attemptId, stream, event}). */
export function agentEventOf(ev: JournalEvent): { attemptId: number | null; event: AgentEvent } | undefined {
  const typed = typedEventOf(ev);
  if (typed?.type !== 'agent') return undefined;
  return { attemptId: typed.data.attemptId, event: typed.data.event };
}

/** The state change a row of type 'state' records. */
export function stateChangeOf(ev: JournalEvent): { to: TaskState; cause: string } | undefined {
  const typed = typedEventOf(ev);
  return typed?.type === 'state' ? { to: typed.data.to, cause: typed.data.cause } : undefined;
}

/** A gate result a row of type 'gate' records. */
export function gateResultOf(ev: JournalEvent): { gate: string; ok: boolean } | undefined {
  const typed = typedEventOf(ev);
  return typed?.type === 'gate' ? { gate: typed.data.gate, ok: typed.data.ok } : undefined;
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

/** Attempt start/end and notifications in the board's words; every other event as its sentence. */
function describeOther(ev: JournalEvent): string | undefined {
  const typed = typedEventOf(ev);
  if (typed?.type === 'attempt') {
    const d = typed.data;
    if (d.phase === 'ended') {
      const exit = d.exitCode !== null ? `, exit ${d.exitCode}` : '';
      return clip(`attempt #${d.n} ended: ${d.outcome}${exit}${d.signal ? `, ${d.signal}` : ''}`);
    }
    return clip(`attempt #${d.n} ${d.kind} (${d.agent}) started`);
  }
  if (typed?.type === 'notify') return clip(typed.data.message);
  // Everything else (queue, workspace, scope, notes, …) as the same sentence the terminal prints.
  return typed ? clip(journalSentence(typed)) : undefined;
}
