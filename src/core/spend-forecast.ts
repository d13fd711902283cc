import { formatUsd } from '../shared/cost-format.js';
import { formatDuration } from '../shared/duration.js';
import { formatTokens } from './budget.js';

/**
 * What the running tasks will cost at their current burn. The model, kept simple on purpose:
 *
 * - A task's burn rate is its tokens over the time its agents have run (every attempt, the live one up
 *   to now): tokens per millisecond. Its price per token is its known cost over its tokens.
 * - It is projected to burn at that rate until grove stops it: its token pause threshold
 *   (`budget × pause_at`), its dollar pause threshold when it has a dollar budget, or the end of its
 *   attempt (`attempts.timeout`), whichever comes first.
 *
 * So the forecast is what the task costs if it keeps going until grove pauses or stops it: an upper
 * bound for an agent that finishes early, which most do. A task whose cost is unknown has no dollar
 * forecast (said so, never $0); a task with no tokens yet has no rate and no forecast. Pure.
 */

export interface TaskBurn {
  taskId: string;
  /** Tokens counted so far (input + output + cache writes), all attempts. */
  tokens: number;
  /** The known part of its cost so far. */
  usd: number;
  /** Part of its cost is unknown (no report, no price). */
  usdUnknown: boolean;
  /** Milliseconds its agents have run, all attempts (the live one to now). */
  runningMs: number;
  /** Tokens at which grove pauses it (budget × pause_at). */
  pauseAtTokens: number;
  /** Dollars at which grove pauses it; null without a dollar budget. */
  pauseAtUsd: number | null;
  /** Milliseconds until its live attempt times out. */
  remainingMs: number;
}

/** What stops the projection: the token budget, the dollar budget, or the attempt timeout. */
export type ForecastLimit = 'tokens' | 'usd' | 'timeout';

export interface TaskForecast {
  taskId: string;
  /** Tokens per minute; 0 when there is no burn yet. */
  tokensPerMinute: number;
  /** Dollars per hour; null when the cost is unknown. */
  usdPerHour: number | null;
  /** Tokens when grove stops it, at this rate. */
  projectedTokens: number;
  /** Its cost then; null when the cost is unknown. */
  projectedUsd: number | null;
  /** Milliseconds from now until then. */
  inMs: number;
  until: ForecastLimit;
}

const MINUTE = 60_000;
const HOUR = 3_600_000;

export function forecastTask(b: TaskBurn): TaskForecast {
  const rate = b.runningMs > 0 ? b.tokens / b.runningMs : 0; // tokens per ms
  const perToken = b.usdUnknown || b.tokens === 0 ? null : b.usd / b.tokens;
  const known = (usd: number): number | null => (b.usdUnknown ? null : usd);
  if (rate === 0) {
    return {
      taskId: b.taskId,
      tokensPerMinute: 0,
      usdPerHour: known(0),
      projectedTokens: b.tokens,
      projectedUsd: known(b.usd),
      inMs: 0,
      until: 'timeout',
    };
  }
  const limits: Array<{ until: ForecastLimit; tokens: number }> = [
    { until: 'tokens', tokens: Math.max(0, b.pauseAtTokens - b.tokens) },
    { until: 'timeout', tokens: Math.max(0, b.remainingMs) * rate },
  ];
  if (b.pauseAtUsd !== null && perToken !== null && perToken > 0) {
    limits.push({ until: 'usd', tokens: Math.max(0, b.pauseAtUsd - b.usd) / perToken });
  }
  const first = limits.reduce((a, c) => (c.tokens < a.tokens ? c : a));
  const more = Math.round(first.tokens);
  return {
    taskId: b.taskId,
    tokensPerMinute: rate * MINUTE,
    usdPerHour: perToken === null ? null : rate * perToken * HOUR,
    projectedTokens: b.tokens + more,
    projectedUsd: perToken === null ? null : b.usd + more * perToken,
    inMs: Math.round(first.tokens / rate),
    until: first.until,
  };
}

/** The forecast of every running task together. */
export interface FleetForecast {
  tasks: TaskForecast[];
  /** Known dollars the running tasks will cost beyond what they have spent, at their burn. */
  moreUsd: number;
  /** Known dollars per hour the running tasks burn now. */
  usdPerHour: number;
  /** Running tasks with no dollar forecast (cost unknown). */
  unknownTasks: string[];
}

export function forecastFleet(burns: readonly TaskBurn[]): FleetForecast {
  const tasks = burns.map(forecastTask);
  let moreUsd = 0;
  let usdPerHour = 0;
  const unknownTasks: string[] = [];
  tasks.forEach((f, i) => {
    const spent = burns[i]!.usd;
    if (f.projectedUsd === null || f.usdPerHour === null) unknownTasks.push(f.taskId);
    else {
      moreUsd += f.projectedUsd - spent;
      usdPerHour += f.usdPerHour;
    }
  });
  return { tasks, moreUsd, usdPerHour, unknownTasks: unknownTasks.sort() };
}

const UNTIL: Readonly<Record<ForecastLimit, string>> = {
  tokens: 'its token budget pauses it',
  usd: 'its dollar budget pauses it',
  timeout: 'its attempt times out',
};

/** "login: 12k tokens/min, $0.90/h; ≈ $1.40 at 153k tokens in 11m, when its token budget pauses it". */
export function describeTaskForecast(f: TaskForecast): string {
  if (f.tokensPerMinute === 0) return `${f.taskId}: no tokens counted yet, no forecast`;
  const rate = `${formatTokens(Math.round(f.tokensPerMinute))} tokens/min${f.usdPerHour === null ? '' : `, ${formatUsd(f.usdPerHour)}/h`}`;
  const cost = f.projectedUsd === null ? 'cost unknown' : `≈ ${formatUsd(f.projectedUsd)}`;
  return `${f.taskId}: ${rate}; ${cost} at ${formatTokens(f.projectedTokens)} tokens in ${formatDuration(f.inMs)}, when ${UNTIL[f.until]}`;
}

/** One line for the fleet: "2 running tasks burn $1.80/h; at that rate they cost ≈ $0.90 more". */
export function describeFleetForecast(f: FleetForecast): string {
  const n = f.tasks.length;
  if (n === 0) return 'no task is running';
  const unknown =
    f.unknownTasks.length === 0
      ? ''
      : `, and ${f.unknownTasks.join(', ')} of unknown cost (no price for its model)`;
  return `${n} running task${n === 1 ? '' : 's'} burn${n === 1 ? 's' : ''} ${formatUsd(f.usdPerHour)}/h; at that rate, until grove pauses or stops them, ≈ ${formatUsd(f.moreUsd)} more${unknown}`;
}
