import { useEffect, useState, useSyncExternalStore } from 'react';
import type { JournalEvent } from '../shared/api.js';
import type { LiveBoard, LiveView } from './live.js';

export function useLive(live: LiveBoard): LiveView {
  return useSyncExternalStore(live.subscribe, live.get);
}

/** The current time, refreshed every `ms` (ages on cards). */
export function useNow(ms = 5000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(t);
  }, [ms]);
  return now;
}

/** The location hash as a route, updated on navigation. */
export function useRoute(): string {
  const [hash, setHash] = useState(() => window.location.hash);
  useEffect(() => {
    const on = () => setHash(window.location.hash);
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return hash.replace(/^#/, '') || '/';
}

/** Loads `load()` now and again (at most every `minMs`) while new journal events arrive. */
export function useFetched<T>(
  live: LiveBoard,
  load: () => Promise<T>,
  deps: readonly unknown[],
  options: { minMs?: number; when?: (events: readonly JournalEvent[]) => boolean } = {},
): { data: T | null; error: string | null; reload: () => void } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let alive = true;
    load().then(
      (d) => alive && (setData(d), setError(null)),
      (e: unknown) => alive && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      alive = false;
    };
  }, [...deps, tick]);
  useEffect(() => {
    let timer: number | null = null;
    const { minMs = 1500, when } = options;
    const off = live.onEvents((events) => {
      if (when && !when(events)) return;
      if (timer === null) timer = window.setTimeout(() => ((timer = null), setTick((n) => n + 1)), minMs);
    });
    return () => {
      off();
      if (timer !== null) window.clearTimeout(timer);
    };
    // The filter is read when events arrive; re-subscribing on each render is not needed.
  }, [live, options.minMs]);
  return { data, error, reload: () => setTick((n) => n + 1) };
}
