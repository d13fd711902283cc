import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { SSE_JOURNAL } from '../shared/api.js';
import type { ChangeSignal } from '../infra/fs/db-change-signal.js';
import type { DashboardBackend } from './backend.js';

export interface JournalStreamOptions {
  /**
   * How often the journal is read for new rows (other processes write it). With `changes`, the
   * longest wait: a write wakes the stream at once.
   */
  pollMs: number;
  /** Wakes the stream when the database is written (src/infra/fs/db-change-signal.ts). */
  changes?: ChangeSignal;
  /** With `changes`: the least time between two reads, so a burst of writes is read in batches. */
  minGapMs?: number;
  /** A comment line after this long without a message, so proxies and browsers keep the stream. */
  heartbeatMs: number;
  /** Most events in one SSE message; a backlog is sent as consecutive full batches without waiting. */
  batchLimit: number;
  /** Aborted when the server closes: every stream ends. */
  closing: AbortSignal;
}

function cursor(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value.trim());
}

/** Until the next write (at most `pollMs`), and then at least `minGapMs` after the last read. */
async function waitForMore(options: JournalStreamOptions, lastRead: number): Promise<void> {
  const { changes, pollMs, minGapMs = 0, closing } = options;
  if (!changes) return sleep(pollMs, closing);
  await changes.wait(pollMs, closing);
  const gap = lastRead + minGapMs - Date.now();
  if (gap > 0) await sleep(gap, closing);
}

function sleep(ms: number, abort: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      abort.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    abort.addEventListener('abort', done, { once: true });
  });
}

/**
 * GET /api/events: tails the journal by id. It starts after `Last-Event-ID` (what a reconnecting
 * EventSource sends, so a reconnect loses nothing), else after `?after=` (the page passes the
 * snapshot's lastEventId), else at the end. Each message is a batch of consecutive events whose SSE id
 * is the last one's.
 */
export function journalStream(
  c: Context,
  backend: DashboardBackend,
  options: JournalStreamOptions,
): Response {
  const end = backend.lastEventId();
  // An id past the journal's end (a journal rebuilt, a client from another project) would wait for
  // events that never come: it resumes at the end instead.
  const start = Math.min(cursor(c.req.header('last-event-id')) ?? cursor(c.req.query('after')) ?? end, end);
  return streamSSE(c, async (stream) => {
    let after = start;
    let lastWrite = Date.now();
    let lastRead = Date.now();
    const done = (): boolean => stream.aborted || stream.closed || options.closing.aborted;
    // Tell the browser to reconnect quickly after a drop.
    await stream.write('retry: 1000\n\n');
    while (!done()) {
      const batch = backend.eventsSince(after, options.batchLimit);
      const last = batch.at(-1);
      if (last) {
        after = last.id;
        await stream.writeSSE({ event: SSE_JOURNAL, id: String(after), data: JSON.stringify(batch) });
        lastWrite = Date.now();
        if (batch.length === options.batchLimit) continue;
      } else if (Date.now() - lastWrite >= options.heartbeatMs) {
        await stream.write(': ping\n\n');
        lastWrite = Date.now();
      }
      await waitForMore(options, lastRead);
      lastRead = Date.now();
    }
    if (!stream.closed) await stream.close();
  });
}
