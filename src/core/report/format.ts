/** Small pure formatters for reports: the same figure always prints the same way. */
// Durations print the same on the dashboard, which imports only src/shared.
export { formatDuration } from '../../shared/duration.js';
export { formatCost, formatUsd } from '../../shared/cost-format.js';

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
