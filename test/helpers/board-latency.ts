// How long the dashboard's board takes to show journal events, in the real browser: a probe that runs
// in the page, and a writer that appends agent events to the real state database at a fixed rate.
// Used by the browser test (50 tasks, 100 events/s) and bench/dashboard.bench.ts (200 tasks, 500/s).
import type { Page } from 'playwright-core';
import type { TaskStore } from '../../src/infra/db/task-store.js';
import type { JournalData } from '../../src/shared/journal-event.js';

/**
 * Runs in the page: every time a card shows a new activity line (an event id not seen before), how
 * old that event is at the next animation frame (`data-at` is the journal row's write time, on the same
 * machine's clock as the page). A string, not a function: tsx would wrap a function's inner functions in
 * a helper the page lacks.
 */
export const LATENCY_PROBE = `
  window.latencies = [];
  const seen = new Set();
  let shown = [];
  new MutationObserver((records) => {
    for (const r of records) {
      const nodes = r.type === 'attributes' ? [r.target] : [r.target, ...r.addedNodes];
      for (const n of nodes) {
        if (!(n instanceof Element)) continue;
        const el = n.closest('[data-testid="activity"]') ?? n.querySelector('[data-testid="activity"]');
        const id = el?.getAttribute('data-event-id');
        const at = Number(el?.getAttribute('data-at'));
        if (!el || !id || seen.has(id) || !at) continue;
        seen.add(id);
        shown.push(at);
      }
    }
    // Measured at the next frame: when the change is painted, not only in the DOM.
    if (shown.length > 0) {
      const batch = shown;
      shown = [];
      requestAnimationFrame(() => {
        const now = Date.now();
        for (const at of batch) window.latencies.push(now - at);
      });
    }
  }).observe(document.querySelector('[data-testid="board"]'), { subtree: true, childList: true, attributes: true, characterData: true });
`;

export const agentMessage = (text: string): JournalData<'agent'> => ({
  attemptId: 1,
  stream: 'stdout',
  event: { kind: 'message', role: 'assistant', text },
});

/**
 * Appends `rate × seconds` agent messages (`step N`) round-robin over `taskIds`, catching up to the
 * schedule when timers fire late on a busy machine. Resolves with the number written.
 */
export function writeEventsAtRate(
  store: TaskStore,
  taskIds: readonly string[],
  rate: number,
  seconds: number,
): Promise<number> {
  let written = 0;
  const total = rate * seconds;
  const started = Date.now();
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((Date.now() - started) / 1000) * rate));
      for (; written < due; written++)
        store.appendEvent(taskIds[written % taskIds.length]!, {
          type: 'agent',
          data: agentMessage(`step ${written}`),
        });
      if (written >= total) {
        clearInterval(timer);
        resolve(written);
      }
    }, 10);
  });
}

export interface LatencyFigures {
  events: number;
  shown: number;
  p50: number;
  p95: number;
  max: number;
}

/**
 * Waits until the last written event is on its card, then reads the page's latencies (ms) and sums
 * them up. `written` and `taskIds` as given to writeEventsAtRate.
 */
export async function readLatencies(
  page: Page,
  taskIds: readonly string[],
  written: number,
): Promise<LatencyFigures> {
  await page
    .getByTestId(`card-${taskIds[(written - 1) % taskIds.length]!}`)
    .getByText(`step ${written - 1}`)
    .waitFor({ timeout: 10_000 });
  const latencies = await page.evaluate(() => (globalThis as unknown as { latencies: number[] }).latencies);
  const sorted = [...latencies].sort((a, b) => a - b);
  const p = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Infinity;
  return { events: written, shown: sorted.length, p50: p(0.5), p95: p(0.95), max: sorted.at(-1) ?? Infinity };
}
