import { useMemo } from "react";
import type { ConsoleRow, LlmRow } from "./consoleTypes";

/** A model's price in US dollars per million tokens. */
export interface ModelPrice {
  input: number;
  output: number;
}

/** The price of a model, or undefined when it has none. */
export type PriceOf = (model: string) => ModelPrice | undefined;

/** What a run cost so far: the dollars of priced calls, the models that could not be priced, and whether counts were estimated. */
export interface RunCost {
  usd: number;
  unpriced: string[];
  estimated: boolean;
}

/** The cost of one model call in USD; null while it has no usage or when its model has no price. */
export function callCost(row: LlmRow, priceOf: PriceOf | undefined): number | null {
  const price = row.usage && priceOf?.(row.model);
  if (!row.usage || !price) return null;
  return (row.usage.promptTokens * price.input + row.usage.completionTokens * price.output) / 1_000_000;
}

/** The cost of every model call of the log; calls of an unpriced model are listed, never counted as free. */
export function runCost(rows: readonly ConsoleRow[], priceOf: PriceOf): RunCost {
  const cost: RunCost = { usd: 0, unpriced: [], estimated: false };
  for (const row of rows) {
    if (row.type !== "llm" || !row.usage || row.usage.promptTokens + row.usage.completionTokens === 0) continue;
    const usd = callCost(row, priceOf);
    if (usd === null) {
      if (!cost.unpriced.includes(row.model)) cost.unpriced.push(row.model);
    } else cost.usd += usd;
    if (row.usage.estimated) cost.estimated = true;
  }
  return cost;
}

/** Dollars as people read them: two significant digits below a dollar ("$0.0012", "$0.42"), cents above ("$12.30"). */
export function formatUsd(usd: number): string {
  if (!Number.isFinite(usd) || usd < 0) return "–";
  if (usd === 0) return "$0";
  if (usd < 0.000_001) return "<$0.000001";
  if (usd < 0.995) {
    // Two significant digits, without trailing zeros beyond the cents: $0.0004, $0.00064, $0.40.
    const text = usd.toFixed(Math.min(6, 1 - Math.floor(Math.log10(usd))));
    return `$${text.replace(/(\.\d\d\d*?)0+$/, "$1")}`;
  }
  return `$${usd.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/**
 * A lookup over the prices of the models in the log that only changes when one of those prices does. Parents tend to
 * pass a new `priceOf` on every render; passing it straight to memoised rows would re-render the whole log each time.
 */
export function useStablePrices(models: readonly string[], priceOf: PriceOf | undefined): PriceOf | undefined {
  const key = priceOf
    ? JSON.stringify(
        models.map((model) => {
          const price = priceOf(model);
          return [model, price ? { input: price.input, output: price.output } : null];
        }),
      )
    : null;
  return useMemo(() => {
    if (key === null) return undefined;
    const table = new Map(JSON.parse(key) as [string, ModelPrice | null][]);
    return (model: string) => table.get(model) ?? undefined;
  }, [key]);
}
