import type { Config, ModelPrice } from '../shared/config.js';
import { allAgents } from './agents.js';
import { defaultPrice } from './cost-defaults.js';

/**
 * What an agent run cost. Agents that report a cost (Claude, the scripted agent) are taken at their
 * word; for the others (Codex, Gemini) grove prices the tokens from config `prices`, else from its
 * defaults for common models (cost-defaults.ts), and otherwise says the cost is unknown rather than
 * $0.00. Pure: numbers in, cost out.
 */

/** What pricing reads from the config: the agents' models and `prices`. */
export type CostConfig = Pick<Config, 'agents' | 'prices'>;

/** The tokens of one attempt that reported no cost, and the models it may be priced as. */
export interface UnpricedUsage {
  /** The model the agent reported (its session event), if any. */
  model: string | null;
  /** The agent that ran it: its configured `model` is the fallback. */
  agent: string;
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

/** A cost in USD; `unknown`: part of it (or all) could not be known, so `usd` is a lower bound. */
export interface Cost {
  usd: number;
  unknown: boolean;
}

const MTOK = 1_000_000;

/** The price of `u`'s tokens, or undefined when neither of its models has a price. */
export function priceUsage(u: UnpricedUsage, config: CostConfig): number | undefined {
  const configured = allAgents(config)[u.agent]?.model;
  const price = findPrice(config.prices, [u.model, configured]);
  if (!price) return undefined;
  const cacheWrite = price.cache_write_per_mtok ?? price.input_per_mtok;
  const cacheRead = price.cache_read_per_mtok ?? price.input_per_mtok;
  return (
    (u.input * price.input_per_mtok +
      u.output * price.output_per_mtok +
      u.cacheWrite * cacheWrite +
      u.cacheRead * cacheRead) /
    MTOK
  );
}

/**
 * The price of the first of `models` (reported, then configured) found in config `prices` (its key
 * exactly); failing that, grove's default for the first that has one.
 */
function findPrice(
  prices: Readonly<Record<string, ModelPrice>>,
  models: ReadonlyArray<string | null | undefined>,
): ModelPrice | undefined {
  const named = models.filter((m): m is string => m !== null && m !== undefined);
  const configured = named.find((m) => Object.hasOwn(prices, m));
  if (configured !== undefined) return prices[configured];
  for (const m of named) {
    const price = defaultPrice(m);
    if (price) return price;
  }
  return undefined;
}

/** The reported cost plus the priced unreported usage; an attempt with tokens and no price is unknown. */
export function costOf(reportedUsd: number, unpriced: readonly UnpricedUsage[], config: CostConfig): Cost {
  let usd = reportedUsd;
  let unknown = false;
  for (const u of unpriced) {
    if (u.input + u.output + u.cacheRead + u.cacheWrite === 0) continue;
    const priced = priceUsage(u, config);
    if (priced === undefined) unknown = true;
    else usd += priced;
  }
  return { usd, unknown };
}
