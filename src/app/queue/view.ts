import type { QueueView } from '../../shared/api.js';
import type { QueueEntry, QueueRound, QueueStore } from '../../infra/db/queue-store.js';
import type { Journal } from '../../infra/db/journal.js';
import { currentCheckoutHold } from './checkout-hold.js';
import { currentBaseHold } from './base-guard.js';

export interface QueueSnapshot {
  window: number | null;
  bisecting: number | null;
  open: QueueEntry[];
  history: QueueEntry[];
  rounds: QueueRound[];
  /** Why integration waits right now (the user's checkout of the base is dirty), if it does. */
  held: string | null;
}

/** The queue as stored: waiting and testing entries, recent history, the window and the rounds. */
export function queueSnapshot(
  store: QueueStore,
  options: { history?: number; rounds?: number; journal?: Pick<Journal, 'query'> } = {},
): QueueSnapshot {
  const state = store.state(0);
  const bisection = state.bisection as { failing?: number } | undefined;
  return {
    window: state.window === 0 ? null : state.window,
    bisecting: bisection?.failing ?? null,
    open: store.open(),
    history: store.history(options.history ?? 20),
    rounds: store.rounds().slice(-(options.rounds ?? 20)),
    held: options.journal
      ? ((currentBaseHold(options.journal) ?? currentCheckoutHold(options.journal))?.message ?? null)
      : null,
  };
}

/** The dashboard's queue panel (shared/api QueueView). */
export function queueView(store: QueueStore, journal?: Pick<Journal, 'query'>): QueueView {
  const s = queueSnapshot(store, journal ? { journal } : {});
  const entry = (e: QueueEntry) => ({
    taskId: e.task_id,
    status: e.result ?? e.status,
    at: e.finished_at ?? e.started_at ?? e.enqueued_at,
    detail: e.commit_oid ? `${e.commit_oid.slice(0, 8)}${e.detail ? ` ${e.detail}` : ''}` : e.detail,
  });
  return {
    window: s.window,
    candidates: s.open.filter((e) => e.status === 'waiting').map(entry),
    running: s.open.filter((e) => e.status === 'testing').map(entry),
    history: s.history.map(entry),
    note: s.held ?? (s.rounds.length === 0 ? 'no merge queue round has run yet' : null),
  };
}
