import { JournalBatchSchema, SSE_JOURNAL } from '../shared/api.js';
import type { BoardTask, JournalEvent } from '../shared/api.js';
import { api } from './api.js';
import { applyEvents } from './board-reducer.js';
import type { BoardState } from './board-reducer.js';

export type Connection = 'connecting' | 'live' | 'reconnecting';

export interface LiveView {
  board: BoardState;
  connection: Connection;
  /** Server clock minus ours at the last snapshot (ages are computed on the server's clock). */
  clockSkew: number;
  error: string | null;
}

type Listener = () => void;

const SNAPSHOT_REFRESH_MS = 30_000;
type EventListener = (events: readonly JournalEvent[]) => void;

/**
 * The page's live state: a snapshot, then the journal over SSE. Events are queued as they arrive and
 * applied once per animation frame, so a burst of events costs one render, not one per event.
 */
export class LiveBoard {
  private view: LiveView = {
    board: { tasks: new Map<string, BoardTask>(), lastEventId: 0 },
    connection: 'connecting',
    clockSkew: 0,
    error: null,
  };
  private readonly listeners = new Set<Listener>();
  private readonly eventListeners = new Set<EventListener>();
  private pending: JournalEvent[] = [];
  private frame: number | null = null;
  private source: EventSource | null = null;
  private refetchTimer: number | null = null;
  private refreshTimer: number | null = null;
  private readonly seenUsage = new Set<string>();

  get = (): LiveView => this.view;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Every applied batch of events (the task page appends its own task's). */
  onEvents(listener: EventListener): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  async start(): Promise<void> {
    await this.loadSnapshot();
    this.connect();
    // What the journal does not carry (conflict predictions, ages) is refreshed now and then.
    this.refreshTimer = window.setInterval(() => void this.loadSnapshot(), SNAPSHOT_REFRESH_MS);
  }

  stop(): void {
    this.source?.close();
    if (this.refreshTimer !== null) window.clearInterval(this.refreshTimer);
    if (this.frame !== null) cancelAnimationFrame(this.frame);
  }

  private set(patch: Partial<LiveView>): void {
    this.view = { ...this.view, ...patch };
    for (const l of this.listeners) l();
  }

  private async loadSnapshot(): Promise<void> {
    try {
      const snap = await api.snapshot();
      const tasks = new Map(snap.tasks.map((t) => [t.id, t]));
      // Events that arrived while the snapshot loaded and are newer than it still apply.
      const newer = this.pending.filter((e) => e.id > snap.lastEventId);
      this.pending = newer;
      // Events up to snap.lastEventId are in the snapshot: the reducer skips them when they arrive.
      this.set({
        board: { tasks, lastEventId: snap.lastEventId },
        clockSkew: snap.now - Date.now(),
        error: null,
      });
      if (newer.length > 0) this.scheduleFrame();
    } catch (error) {
      this.set({ error: error instanceof Error ? error.message : String(error) });
    }
  }

  private connect(): void {
    const source = new EventSource(`/api/events?after=${this.view.board.lastEventId}`);
    this.source = source;
    source.onopen = () => this.set({ connection: 'live' });
    source.onerror = () => this.set({ connection: 'reconnecting' });
    source.addEventListener(SSE_JOURNAL, (message: MessageEvent<string>) => {
      const batch = JournalBatchSchema.safeParse(JSON.parse(message.data));
      if (!batch.success) return;
      for (const e of batch.data) this.pending.push(e);
      this.scheduleFrame();
    });
  }

  private scheduleFrame(): void {
    if (this.frame !== null) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = null;
      const events = this.pending;
      this.pending = [];
      const { state, unknown } = applyEvents(this.view.board, events, this.seenUsage);
      this.set({ board: state });
      for (const l of this.eventListeners) l(events);
      if (unknown.length > 0) this.scheduleRefetch();
    });
  }

  /** A task the board does not know appeared: reload the snapshot once things settle. */
  private scheduleRefetch(): void {
    if (this.refetchTimer !== null) return;
    this.refetchTimer = window.setTimeout(() => {
      this.refetchTimer = null;
      void this.loadSnapshot();
    }, 300);
  }
}
