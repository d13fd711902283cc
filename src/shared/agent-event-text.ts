// One agent event in a person's words: the one describer for the dashboard's activity and task page,
// grove events and grove run's progress lines.
import type { AgentEvent } from './agent-event.js';

/** Tokens a usage event counts (input + output + cache writes, as the usage store counts them). */
export function usageTokens(event: AgentEvent): number {
  return event.kind === 'usage' ? event.input + event.output + event.cacheWrite : 0;
}

/** `text` on one line, cut at `max` characters with an ellipsis. */
export function oneLine(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** An activity line's length on the board and the task page. */
export const clip = (text: string): string => oneLine(text, 140);

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
