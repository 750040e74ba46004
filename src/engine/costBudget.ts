import type { Usage } from "./ports";

/** A model's price in US dollars per million tokens. */
export interface ModelPrice {
  input: number;
  output: number;
}

/** A run's spending limit in US dollars, with the caller's price table; a model with no price adds nothing to it. */
export interface CostLimit {
  usd: number;
  price: (model: string) => ModelPrice | undefined;
}

/** What a run has spent against its cost limit, and what requests in flight may still spend on their prompts. */
export class CostMeter {
  spent = 0;
  pending = 0;

  constructor(readonly limit: CostLimit) {}

  /** The price of `promptTokens` of input to `model` (0 when it has no price). */
  promptCost(model: string, promptTokens: number): number {
    const price = this.limit.price(model);
    return price ? (promptTokens * price.input) / 1_000_000 : 0;
  }

  /** Adds a finished call's cost. */
  record(model: string, usage: Usage): void {
    const price = this.limit.price(model);
    if (price) this.spent += (usage.promptTokens * price.input + usage.completionTokens * price.output) / 1_000_000;
  }
}

/** Dollars as a budget message writes them: cents above a dollar, four decimals below. */
export function formatUsd(usd: number): string {
  return `$${usd >= 1 ? usd.toFixed(2) : usd.toFixed(4)}`;
}
