// Context windows and list prices of common models, so budgets and the UI can
// say something without a network call. Prices change: these are the published
// list prices as of late 2025, and settings can override them. Unknown models
// (every local one) simply have no entry.
import type { TokenCost } from './model-provider';

/** What we know about a model family. */
export interface KnownModel {
  readonly contextWindow: number;
  readonly cost?: TokenCost;
}

/** Matched by prefix, most specific first, so dated snapshots (`claude-sonnet-4-5-20250929`) resolve. */
const KNOWN: readonly (readonly [prefix: string, model: KnownModel])[] = [
  ['claude-opus-4-5', { contextWindow: 200_000, cost: { inputPerMillion: 5, outputPerMillion: 25 } }],
  ['claude-opus-4', { contextWindow: 200_000, cost: { inputPerMillion: 15, outputPerMillion: 75 } }],
  ['claude-sonnet-4', { contextWindow: 200_000, cost: { inputPerMillion: 3, outputPerMillion: 15 } }],
  ['claude-haiku-4', { contextWindow: 200_000, cost: { inputPerMillion: 1, outputPerMillion: 5 } }],
  ['claude-3-7-sonnet', { contextWindow: 200_000, cost: { inputPerMillion: 3, outputPerMillion: 15 } }],
  ['claude-3-5-haiku', { contextWindow: 200_000, cost: { inputPerMillion: 0.8, outputPerMillion: 4 } }],
  ['gpt-4.1-nano', { contextWindow: 1_047_576, cost: { inputPerMillion: 0.1, outputPerMillion: 0.4 } }],
  ['gpt-4.1-mini', { contextWindow: 1_047_576, cost: { inputPerMillion: 0.4, outputPerMillion: 1.6 } }],
  ['gpt-4.1', { contextWindow: 1_047_576, cost: { inputPerMillion: 2, outputPerMillion: 8 } }],
  ['gpt-4o-mini', { contextWindow: 128_000, cost: { inputPerMillion: 0.15, outputPerMillion: 0.6 } }],
  ['gpt-4o', { contextWindow: 128_000, cost: { inputPerMillion: 2.5, outputPerMillion: 10 } }],
];

/** The entry for `model`, if it is one we know. */
export function lookUpModel(model: string): KnownModel | undefined {
  return KNOWN.find(([prefix]) => model.startsWith(prefix))?.[1];
}
