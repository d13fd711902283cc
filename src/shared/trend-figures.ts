// The figures of the trend over cycles (`grove report --trend`, the dashboard's Trends page): the one
// list of what is shown, which way is better, and how each value prints.
import { formatCost } from './cost-format.js';
import { formatDuration } from './duration.js';

export type TrendKey =
  | 'firstPassRate'
  | 'fixIterationsPerTask'
  | 'stuckRate'
  | 'reviewRounds'
  | 'tokensPerMerged'
  | 'costPerMerged'
  | 'spawnToMergeMs'
  | 'conflicts'
  | 'lessonsAccepted';

export interface TrendFigure {
  key: TrendKey;
  name: string;
  better: 'higher' | 'lower';
  unit: 'percent' | 'number' | 'count' | 'usd' | 'ms';
}

export const TREND_FIGURES: readonly TrendFigure[] = [
  { key: 'firstPassRate', name: 'first-pass gate rate', better: 'higher', unit: 'percent' },
  { key: 'fixIterationsPerTask', name: 'fix iterations per task', better: 'lower', unit: 'number' },
  { key: 'stuckRate', name: 'stuck rate', better: 'lower', unit: 'percent' },
  { key: 'reviewRounds', name: 'review rounds', better: 'lower', unit: 'count' },
  { key: 'tokensPerMerged', name: 'tokens per merged task', better: 'lower', unit: 'count' },
  { key: 'costPerMerged', name: 'cost per merged task', better: 'lower', unit: 'usd' },
  { key: 'spawnToMergeMs', name: 'spawn to merge (median)', better: 'lower', unit: 'ms' },
  { key: 'conflicts', name: 'conflicts', better: 'lower', unit: 'count' },
  { key: 'lessonsAccepted', name: 'lessons accepted', better: 'higher', unit: 'count' },
];

/** One value as the trend prints it; `costUnknown`: the cost is a lower bound. */
export function formatTrendValue(figure: TrendFigure, value: number | null, costUnknown = false): string {
  if (value === null) return '—';
  switch (figure.unit) {
    case 'percent':
      return `${Math.round(value * 100)}%`;
    case 'number':
      return (Math.round(value * 10) / 10).toString();
    case 'count':
      return Math.round(value)
        .toString()
        .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    case 'usd':
      return formatCost(value, costUnknown);
    case 'ms':
      return formatDuration(value);
  }
}
