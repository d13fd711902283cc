import { describe, expect, it } from 'vitest';
import type { CostConfig, UnpricedUsage } from './cost.js';
import { costOf, priceUsage } from './cost.js';

const tokens = (over: Partial<UnpricedUsage> = {}): UnpricedUsage => ({
  model: null,
  agent: 'codex',
  input: 1_000_000,
  output: 100_000,
  cacheRead: 2_000_000,
  cacheWrite: 0,
  ...over,
});
const config = (over: Partial<CostConfig> = {}): CostConfig => ({ agents: {}, prices: {}, ...over });

describe('costOf', () => {
  it('takes an agent at its word and counts nothing unknown when every attempt reported', () => {
    expect(costOf(0.42, [], config())).toEqual({ usd: 0.42, unknown: false });
  });

  it('says unknown, not $0.00, for tokens with no reported cost and no price', () => {
    expect(costOf(0, [tokens()], config())).toEqual({ usd: 0, unknown: true });
    // What is known stays: a lower bound.
    expect(costOf(0.5, [tokens()], config())).toEqual({ usd: 0.5, unknown: true });
  });

  it('prices by the model the agent reported, with cache prices defaulting to the input price', () => {
    const prices = { 'gpt-5': { input_per_mtok: 1.25, output_per_mtok: 10 } };
    // 1M × 1.25 + 0.1M × 10 + 2M cache reads × 1.25.
    expect(costOf(0, [tokens({ model: 'gpt-5' })], config({ prices }))).toEqual({
      usd: 4.75,
      unknown: false,
    });
    const cached = { 'gpt-5': { ...prices['gpt-5'], cache_read_per_mtok: 0.125, cache_write_per_mtok: 2 } };
    expect(priceUsage(tokens({ model: 'gpt-5', cacheWrite: 500_000 }), config({ prices: cached }))).toBe(
      1.25 + 1 + 0.25 + 1,
    );
  });

  it("falls back to the agent's configured model, and needs a price for each attempt", () => {
    const prices = { 'gemini-pro': { input_per_mtok: 2, output_per_mtok: 12 } };
    const agents = {
      codex: {
        adapter: 'codex' as const,
        args: [],
        env: {},
        prompt_via: 'arg' as const,
        model: 'gemini-pro',
      },
    };
    const reported = tokens({ model: 'auto', cacheRead: 0 });
    expect(costOf(0, [reported], config({ prices, agents }))).toEqual({ usd: 3.2, unknown: false });
    const other = tokens({ agent: 'claude', model: null, cacheRead: 0 });
    expect(costOf(0, [reported, other], config({ prices, agents }))).toEqual({ usd: 3.2, unknown: true });
  });

  it('an attempt that counted no tokens costs nothing', () => {
    const none = tokens({ input: 0, output: 0, cacheRead: 0 });
    expect(costOf(0, [none], config())).toEqual({ usd: 0, unknown: false });
  });

  it('does not read a price from the object prototype', () => {
    expect(costOf(0, [tokens({ model: 'constructor' })], config())).toEqual({ usd: 0, unknown: true });
  });
});

describe('default prices', () => {
  it('prices common models without config, dated snapshots by their family, and config overrides them', () => {
    const usage = tokens({ model: 'claude-sonnet-4-5-20250929', cacheRead: 0 });
    // 1M × $3 + 0.1M × $15.
    expect(costOf(0, [usage], config())).toEqual({ usd: 4.5, unknown: false });
    const prices = { 'claude-sonnet-4-5-20250929': { input_per_mtok: 1, output_per_mtok: 1 } };
    expect(costOf(0, [usage], config({ prices }))).toEqual({ usd: 1.1, unknown: false });
    // gpt-5-mini is its own entry, not gpt-5's.
    expect(priceUsage(tokens({ model: 'gpt-5-mini', cacheRead: 0 }), config())).toBeCloseTo(0.45);
    // A model grove has no default for stays unknown.
    expect(costOf(0, [tokens({ model: 'scripted-sonnet' })], config())).toEqual({ usd: 0, unknown: true });
  });
});
