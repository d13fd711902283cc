/** Small pure formatters for reports: the same figure always prints the same way. */
// Durations print the same on the dashboard, which imports only src/shared.
export { formatDuration } from '../../shared/duration.js';

/** 0.8333 → "83%"; null → "—". */
export function formatPercent(fraction: number | null): string {
  return fraction === null ? '—' : `${Math.round(fraction * 100)}%`;
}

/** 1234567 → "1,234,567". Locale-independent. */
export function formatCount(n: number): string {
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** 0.4213 → "$0.42"; below a cent → "$0.0042". */
export function formatUsd(usd: number): string {
  if (usd > 0 && usd < 0.01) return `$${usd.toPrecision(2)}`;
  return `$${usd.toFixed(2)}`;
}
