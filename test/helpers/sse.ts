// Reads Server-Sent Events from a fetch Response body (for in-process API tests).
import { JournalBatchSchema } from '../../src/shared/api.js';
import type { JournalEvent } from '../../src/shared/api.js';

export interface SseReader {
  /** Journal events received so far, in order. */
  events: JournalEvent[];
  /** SSE ids of the messages received so far. */
  ids: string[];
  /** Reads until `done()` holds; throws after `timeoutMs`. */
  until(done: () => boolean, timeoutMs?: number): Promise<void>;
  cancel(): Promise<void>;
}

export function readSse(response: Response): SseReader {
  if (!response.body) throw new Error('the response has no body');
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const events: JournalEvent[] = [];
  const ids: string[] = [];
  const consume = (): void => {
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      let id: string | undefined;
      const data: string[] = [];
      for (const line of frame.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('id:')) id = line.slice(3).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
      }
      if (event === 'journal') {
        events.push(...JournalBatchSchema.parse(JSON.parse(data.join('\n'))));
        if (id !== undefined) ids.push(id);
      }
    }
  };
  return {
    events,
    ids,
    async until(done, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (!done()) {
        const left = deadline - Date.now();
        if (left <= 0)
          throw new Error(`SSE condition not met within ${timeoutMs} ms (${events.length} events)`);
        let timer: NodeJS.Timeout | undefined;
        const chunk = await Promise.race([
          reader.read(),
          new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), left))),
        ]);
        clearTimeout(timer);
        if (chunk === 'timeout') continue;
        if (chunk.done) throw new Error('the SSE stream ended');
        buffer += decoder.decode(chunk.value, { stream: true });
        consume();
      }
    },
    cancel: () => reader.cancel(),
  };
}
