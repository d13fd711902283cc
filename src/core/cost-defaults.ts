import type { ModelPrice } from '../shared/config.js';

/**
 * Default USD prices per million tokens for common models, so a cost is known (and a dollar cap means
 * something) for agents that report none, such as Codex and Gemini. They are the providers' list prices
 * as grove last knew them (2025; standard tier, short prompts): config `prices` overrides any of them,
 * and a model in neither stays of unknown cost. A reported model such as `claude-sonnet-4-5-20250929`
 * takes the price of the longest key it starts with followed by `-` (`claude-sonnet-4-5`).
 */
export const DEFAULT_PRICES: Readonly<Record<string, ModelPrice>> = {
  // Anthropic: cache writes (5 minutes) 1.25× input, cache reads 0.1× input.
  'claude-opus-4-1': anthropic(15, 75),
  'claude-opus-4': anthropic(15, 75),
  'claude-sonnet-4-5': anthropic(3, 15),
  'claude-sonnet-4': anthropic(3, 15),
  'claude-3-7-sonnet': anthropic(3, 15),
  'claude-haiku-4-5': anthropic(1, 5),
  'claude-3-5-haiku': anthropic(0.8, 4),
  // OpenAI: cached input as listed, no separate cache-write price.
  'gpt-5': openai(1.25, 10, 0.125),
  'gpt-5-codex': openai(1.25, 10, 0.125),
  'gpt-5-mini': openai(0.25, 2, 0.025),
  'gpt-5-nano': openai(0.05, 0.4, 0.005),
  'gpt-4.1': openai(2, 8, 0.5),
  'gpt-4.1-mini': openai(0.4, 1.6, 0.1),
  'gpt-4o': openai(2.5, 10, 1.25),
  o3: openai(2, 8, 0.5),
  'o4-mini': openai(1.1, 4.4, 0.275),
  // Google: prompts up to 200k tokens; cached input as listed.
  'gemini-2.5-pro': openai(1.25, 10, 0.31),
  'gemini-2.5-flash': openai(0.3, 2.5, 0.075),
  'gemini-2.5-flash-lite': openai(0.1, 0.4, 0.025),
};

function anthropic(input: number, output: number): ModelPrice {
  return {
    input_per_mtok: input,
    output_per_mtok: output,
    cache_write_per_mtok: input * 1.25,
    cache_read_per_mtok: input * 0.1,
  };
}

function openai(input: number, output: number, cacheRead: number): ModelPrice {
  return { input_per_mtok: input, output_per_mtok: output, cache_read_per_mtok: cacheRead };
}

/** The default price of `model`: its own key, else the longest key it starts with followed by `-`. */
export function defaultPrice(model: string): ModelPrice | undefined {
  if (Object.hasOwn(DEFAULT_PRICES, model)) return DEFAULT_PRICES[model];
  let best: string | undefined;
  for (const key of Object.keys(DEFAULT_PRICES)) {
    if (model.startsWith(`${key}-`) && (best === undefined || key.length > best.length)) best = key;
  }
  return best === undefined ? undefined : DEFAULT_PRICES[best];
}
