// The fleet's spend as the caps count it, from a real state database: the current cycle's tasks only
// (a finished cycle's spend does not hold the next one back), today's attempts by the local day they
// started, and an attempt with no cost and no price as unknown — never $0.
import { afterEach, describe, expect, it } from 'vitest';
import { collectSpend } from '../../src/app/run/spend.js';
import { openStores } from '../../src/infra/db/stores.js';
import { ConfigSchema } from '../../src/shared/config.js';
import type { TempDb } from '../helpers/temp-db.js';
import { makeTempDb } from '../helpers/temp-db.js';

let tdb: TempDb | undefined;
afterEach(() => tdb?.cleanup());

const DAY = 86_400_000;

describe('collectSpend', () => {
  it('counts the current cycle and today, and what it cannot price as unknown', () => {
    tdb = makeTempDb();
    const stores = openStores(tdb.db, tdb.clock.now);
    const noon = new Date(2026, 11, 7, 12).getTime();
    const spend = (id: string, cycle: number, at: number, usd: number | undefined): void => {
      if (!stores.tasks.get(id)) stores.tasks.upsert(id, { title: id, cycle });
      tdb!.clock.set(at);
      const a = stores.attempts.create({
        taskId: id,
        kind: 'initial',
        agent: 'scripted',
        adapter: 'scripted',
        logDir: '/x',
      });
      stores.attempts.ingest(a.id, 'stdout', 10, [
        { kind: 'usage', input: 1000, output: 0, cacheRead: 0, cacheWrite: 0 },
        { kind: 'finished', ok: true, ...(usd === undefined ? {} : { costUsd: usd }) },
      ]);
    };
    spend('old', 1, noon - DAY, 4); // cycle 1, yesterday
    spend('new', 2, noon - DAY, 1); // cycle 2, yesterday
    spend('new', 2, noon, 0.5); // cycle 2, today (a second attempt)
    spend('silent', 2, noon, undefined); // no cost reported, no price for its agent's model
    const config = ConfigSchema.parse({ budgets: { usd_per_cycle: 1.5, usd_per_day: 10 } });
    const view = collectSpend(stores, config, [], noon + 1000);
    expect(view.cycle).toEqual({ number: 2, spent: { usd: 1.5, unknownTasks: ['silent'] } });
    expect(view.day).toEqual({ day: '2026-12-07', spent: { usd: 0.5, unknownTasks: ['silent'] } });
    expect(view.reached.map((c) => c.window)).toEqual(['cycle']);
    expect(view.caps.find((c) => c.window === 'day')?.reached).toBe(false);
  });
});
