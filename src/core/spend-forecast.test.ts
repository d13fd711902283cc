import { describe, expect, it } from 'vitest';
import type { TaskBurn } from './spend-forecast.js';
import {
  describeFleetForecast,
  describeTaskForecast,
  forecastFleet,
  forecastTask,
} from './spend-forecast.js';

const MIN = 60_000;
const burn = (over: Partial<TaskBurn> = {}): TaskBurn => ({
  taskId: 't',
  tokens: 20_000,
  usd: 0.2,
  usdUnknown: false,
  runningMs: 2 * MIN,
  pauseAtTokens: 85_000,
  pauseAtUsd: null,
  remainingMs: 60 * MIN,
  ...over,
});

describe('forecastTask: burn at the current rate until grove pauses or stops the task', () => {
  it('projects to the token pause threshold when that comes first', () => {
    // 10k tokens/min at $0.00001/token: 65k more tokens in 6.5 minutes, $0.65 more.
    const f = forecastTask(burn());
    expect(f).toMatchObject({
      until: 'tokens',
      projectedTokens: 85_000,
      inMs: 6.5 * MIN,
      tokensPerMinute: 10_000,
    });
    expect(f.projectedUsd).toBeCloseTo(0.85);
    expect(f.usdPerHour).toBeCloseTo(6);
    expect(describeTaskForecast(f)).toBe(
      't: 10k tokens/min, $6.00/h; ≈ $0.85 at 85k tokens in 6m 30s, when its token budget pauses it',
    );
  });

  it('or to the attempt timeout, or to the dollar budget, whichever comes first', () => {
    expect(forecastTask(burn({ remainingMs: 3 * MIN }))).toMatchObject({
      until: 'timeout',
      projectedTokens: 50_000,
    });
    const usd = forecastTask(burn({ pauseAtUsd: 0.5 }));
    expect(usd).toMatchObject({ until: 'usd', projectedTokens: 50_000 });
    expect(usd.projectedUsd).toBeCloseTo(0.5);
  });

  it('an unknown cost has no dollar forecast; no tokens yet, no rate', () => {
    expect(forecastTask(burn({ usdUnknown: true }))).toMatchObject({ projectedUsd: null, usdPerHour: null });
    const idle = forecastTask(burn({ tokens: 0, usd: 0 }));
    expect(idle).toMatchObject({ tokensPerMinute: 0, projectedTokens: 0, projectedUsd: 0 });
    expect(describeTaskForecast(idle)).toBe('t: no tokens counted yet, no forecast');
  });
});

describe('forecastFleet', () => {
  it('adds the known forecasts and names the tasks of unknown cost', () => {
    const f = forecastFleet([
      burn({ taskId: 'a' }),
      burn({ taskId: 'b' }),
      burn({ taskId: 'c', usdUnknown: true }),
    ]);
    expect(f.moreUsd).toBeCloseTo(1.3);
    expect(f.usdPerHour).toBeCloseTo(12);
    expect(f.unknownTasks).toEqual(['c']);
    expect(describeFleetForecast(f)).toBe(
      '3 running tasks burn $12.00/h; at that rate, until grove pauses or stops them, ≈ $1.30 more, and c of unknown cost (no price for its model)',
    );
    expect(describeFleetForecast(forecastFleet([]))).toBe('no task is running');
  });
});
