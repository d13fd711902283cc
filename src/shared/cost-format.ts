/** Money as grove prints it, in the terminal and on the dashboard alike. */

/** 0.4213 → "$0.42"; below a cent → "$0.0042". */
export function formatUsd(usd: number): string {
  if (usd > 0 && usd < 0.01) return `$${usd.toPrecision(2)}`;
  return `$${usd.toFixed(2)}`;
}

/**
 * A cost that may be partly unknown (an agent that reports none, with no price in config `prices`):
 * "$0.42", "unknown", or "≥ $0.42" when only part of it is known.
 */
export function formatCost(usd: number, unknown: boolean): string {
  if (!unknown) return formatUsd(usd);
  return usd > 0 ? `≥ ${formatUsd(usd)}` : 'unknown';
}
