import type { SpendSummary } from '../shared/api.js';
import type { CapCheck } from './spend.js';
import type { FleetForecast } from './spend-forecast.js';
import { describeFleetForecast } from './spend-forecast.js';

/** The caps and the forecast in the dashboard's wire shape (src/shared/api.ts `SpendSummary`). */
export function toSpendSummary(spend: { caps: readonly CapCheck[]; forecast: FleetForecast }): SpendSummary {
  return {
    caps: spend.caps.map((c) => ({
      window: c.window,
      period: c.period,
      capUsd: c.cap,
      spentUsd: c.spent.usd,
      unknownTasks: c.spent.unknownTasks,
      reached: c.reached,
    })),
    forecast: {
      usdPerHour: spend.forecast.usdPerHour,
      moreUsd: spend.forecast.moreUsd,
      unknownTasks: spend.forecast.unknownTasks,
      tasks: spend.forecast.tasks,
      text: describeFleetForecast(spend.forecast),
    },
  };
}
