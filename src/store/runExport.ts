import type { RunEvent } from "../engine/events";
import { crewFileName, type Endpoint, type RunRecord, scrubSecrets } from "../model";

/** Replaces every stored API key, wherever it appears in a text (a model may echo one), with a marker. */
export function redactKeys(text: string, endpoints: readonly Pick<Endpoint, "apiKey">[]): string {
  let out = text;
  // Short values would match ordinary words; no real key is this short.
  for (const key of new Set(endpoints.map((e) => e.apiKey.trim()).filter((k) => k.length >= 8))) out = out.split(key).join("[key removed]");
  return out;
}

/** A saved run as a file: format tag, summary and the whole event log, without credentials or stored keys. */
export function exportRunJson(
  record: RunRecord,
  events: readonly RunEvent[],
  endpoints: readonly Endpoint[],
): { fileName: string; json: string } {
  const body = scrubSecrets({ format: "crewdeck.run", version: 1, run: record, events });
  const stamp = new Date(record.startedAt).toISOString().replace(/[:.]/g, "-").slice(0, 19);
  const fileName = crewFileName(record.crewName).replace(/\.crew\.json$/, `.run-${stamp}.json`);
  return { fileName, json: `${redactKeys(JSON.stringify(body, null, 2), endpoints)}\n` };
}
