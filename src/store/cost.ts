import type { UsageByModel } from "./runViewTypes";

/** What a model costs, in US dollars per million tokens. */
export interface Price {
  input: number;
  output: number;
}

/** Prices by model name, kept on this device and editable. */
export type PriceTable = Record<string, Price>;

/**
 * Starting prices (USD per million tokens, list prices as published by the providers in 2025–2026). They are only
 * a default: every row can be changed or removed in the price table, and a model with no row shows as unpriced.
 */
export const DEFAULT_PRICES: PriceTable = {
  "gpt-4.1": { input: 2, output: 8 },
  "gpt-4.1-mini": { input: 0.4, output: 1.6 },
  "gpt-4.1-nano": { input: 0.1, output: 0.4 },
  "gpt-4o": { input: 2.5, output: 10 },
  "gpt-4o-mini": { input: 0.15, output: 0.6 },
  "o4-mini": { input: 1.1, output: 4.4 },
  "deepseek-chat": { input: 0.27, output: 1.1 },
  "deepseek-reasoner": { input: 0.55, output: 2.19 },
  "llama-3.3-70b-versatile": { input: 0.59, output: 0.79 },
  "llama-3.1-8b-instant": { input: 0.05, output: 0.08 },
  "meta-llama/Llama-3.3-70B-Instruct-Turbo": { input: 0.88, output: 0.88 },
};

/**
 * The price of a model: an exact row, else the row of its name without a provider prefix ("openai/gpt-4.1-mini"
 * on OpenRouter is priced as "gpt-4.1-mini"), compared without case.
 */
export function priceFor(model: string, table: PriceTable): Price | undefined {
  const exact = table[model];
  if (exact) return exact;
  const lower = model.toLowerCase();
  const bare = lower.slice(lower.lastIndexOf("/") + 1);
  for (const [name, price] of Object.entries(table)) {
    const key = name.toLowerCase();
    if (key === lower || key === bare || key.slice(key.lastIndexOf("/") + 1) === bare) return price;
  }
  return undefined;
}

/** The cost of some usage; models without a price are listed instead of counted as free. */
export interface Cost {
  usd: number;
  unpriced: string[];
}

/** Prices usage by model with the table. */
export function costOf(usage: UsageByModel | undefined, table: PriceTable): Cost {
  let usd = 0;
  const unpriced: string[] = [];
  for (const [model, u] of Object.entries(usage ?? {})) {
    const price = priceFor(model, table);
    if (!price) {
      if (u.promptTokens + u.completionTokens > 0) unpriced.push(model);
      continue;
    }
    usd += (u.promptTokens * price.input + u.completionTokens * price.output) / 1_000_000;
  }
  return { usd, unpriced };
}

/** A cost as people read it: "$0.0042", "$1.27"; "—" when nothing could be priced. */
export function formatCost(cost: Cost): string {
  if (cost.usd === 0 && cost.unpriced.length > 0) return "—";
  const text = cost.usd === 0 ? "$0" : cost.usd < 0.01 ? `$${cost.usd.toPrecision(2)}` : `$${cost.usd.toFixed(2)}`;
  return cost.unpriced.length > 0 ? `${text}+` : text;
}
