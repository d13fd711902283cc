import type { BoardTask, JournalEvent } from '../shared/api.js';
import {
  agentEventOf,
  describeEvent,
  gateResultOf,
  stateChangeOf,
  usageTokens,
} from '../shared/journal-view.js';

export interface BoardState {
  tasks: ReadonlyMap<string, BoardTask>;
  lastEventId: number;
}

/**
 * Applies a batch of journal events to the board, copying only the tasks that change (so unchanged
 * cards keep their identity and do not re-render). Returns the ids of tasks the board does not know
 * (a new task appeared: the caller refetches the snapshot). `seenUsage` de-duplicates usage that an
 * agent repeats under one message id, as the usage store does.
 */
export function applyEvents(
  state: BoardState,
  events: readonly JournalEvent[],
  seenUsage: Set<string>,
): { state: BoardState; unknown: string[] } {
  const tasks = new Map(state.tasks);
  const unknown: string[] = [];
  let lastEventId = state.lastEventId;
  for (const ev of events) {
    if (ev.id <= lastEventId) continue;
    lastEventId = ev.id;
    if (ev.taskId === null) continue;
    const task = tasks.get(ev.taskId);
    if (!task) {
      unknown.push(ev.taskId);
      continue;
    }
    let next = task;
    const state = stateChangeOf(ev);
    if (state) next = { ...next, state: state.to, stateSince: ev.at };
    const gate = gateResultOf(ev);
    if (gate)
      next = { ...next, gates: [...next.gates.filter((g) => g.gate !== gate.gate), { ...gate, at: ev.at }] };
    const agent = agentEventOf(ev);
    if (agent?.event.kind === 'usage') {
      const key =
        agent.event.messageId === undefined ? undefined : `${agent.attemptId}:${agent.event.messageId}`;
      if (key === undefined || !seenUsage.has(key)) {
        if (key !== undefined) seenUsage.add(key);
        const costUsd = next.tokens.costUsd + (agent.event.costUsd ?? 0);
        next = {
          ...next,
          tokens: { ...next.tokens, used: next.tokens.used + usageTokens(agent.event), costUsd },
        };
      }
    }
    if (agent?.event.kind === 'finished' && agent.event.costUsd !== undefined) {
      // The agent's own total (Claude reports cost only at the end): the store keeps the larger one.
      next = {
        ...next,
        tokens: { ...next.tokens, costUsd: Math.max(next.tokens.costUsd, agent.event.costUsd) },
      };
    }
    if (agent) {
      const text = describeEvent(ev);
      if (text !== undefined) next = { ...next, lastActivity: { at: ev.at, eventId: ev.id, text } };
    }
    if (next !== task) tasks.set(ev.taskId, next);
  }
  return { state: { tasks, lastEventId }, unknown };
}
