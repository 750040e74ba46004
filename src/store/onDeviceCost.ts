import type { Crew } from "../model";
import { type PriceTable, priceFor } from "./cost";
import type { UsageByModel } from "./runViewTypes";

/** The model whose price stands in for "what it would have cost remotely", when the table has it. */
export const REFERENCE_MODEL = "gpt-4.1-mini";

/** Calls of a run that stayed on this device (in-browser models), and what they would have cost on a remote model. */
export interface OnDeviceUsage {
  requests: number;
  promptTokens: number;
  completionTokens: number;
  /** Null when the price table has no row for the reference model nor any other. */
  remoteUsd: number | null;
  /** The model priced: REFERENCE_MODEL, else the first row of the table. */
  reference: string | null;
}

/** Model names of the crew's in-browser model configs. */
export function onDeviceModels(crew: Crew | null): string[] {
  return [...new Set((crew?.llms ?? []).filter((l) => l.provider === "webllm").map((l) => l.model))];
}

/** Sums the run's usage on in-browser models and prices it with a reference remote model; null when nothing ran locally. */
export function onDeviceUsage(usage: UsageByModel | undefined, crew: Crew | null, prices: PriceTable): OnDeviceUsage | null {
  const local = new Set(onDeviceModels(crew));
  const rows = Object.entries(usage ?? {}).filter(([model]) => local.has(model));
  if (rows.length === 0) return null;
  const sum = { requests: 0, promptTokens: 0, completionTokens: 0 };
  for (const [, u] of rows) {
    sum.requests += u.requests;
    sum.promptTokens += u.promptTokens;
    sum.completionTokens += u.completionTokens;
  }
  const reference = priceFor(REFERENCE_MODEL, prices) ? REFERENCE_MODEL : (Object.keys(prices).sort()[0] ?? null);
  const price = reference ? priceFor(reference, prices) : undefined;
  const remoteUsd = price ? (sum.promptTokens * price.input + sum.completionTokens * price.output) / 1_000_000 : null;
  return { ...sum, remoteUsd, reference: price ? reference : null };
}

/** The price table with in-browser models at zero, so their calls count as free rather than unpriced. */
export function withOnDeviceFree(prices: PriceTable, crew: Crew | null): PriceTable {
  const local = onDeviceModels(crew).filter((m) => !prices[m]);
  if (local.length === 0) return prices;
  return { ...prices, ...Object.fromEntries(local.map((m) => [m, { input: 0, output: 0 }])) };
}
