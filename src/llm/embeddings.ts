import { abortedError, errorFromFetchFailure, errorFromResponse, type RequestSite, siteError } from "./httpErrors";
import { isRecord, truncate } from "./openAiWire";

/** Texts per request: servers cap batch sizes (OpenAI at 2048 inputs; local servers far lower). */
const BATCH = 64;

/** One embeddings call's parts, from the provider: where to send it, how, and what. */
export interface EmbeddingsCall {
  site: RequestSite;
  fetch: typeof fetch;
  headers: Record<string, string>;
  model: string;
  input: string[];
  signal?: AbortSignal;
}

/** POSTs {baseUrl}/embeddings (OpenAI's shape) in batches and returns one vector per input, in input order. */
export async function fetchEmbeddings(call: EmbeddingsCall): Promise<number[][]> {
  const out: number[][] = [];
  for (let start = 0; start < call.input.length; start += BATCH)
    out.push(...(await embedBatch(call, call.input.slice(start, start + BATCH))));
  return out;
}

async function embedBatch(call: EmbeddingsCall, input: string[]): Promise<number[][]> {
  const { site } = call;
  const signal = call.signal ?? new AbortController().signal;
  let response: Response;
  try {
    response = await call.fetch(site.url, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...call.headers },
      body: JSON.stringify({ model: call.model, input }),
      signal,
    });
  } catch (error) {
    throw errorFromFetchFailure(error, site, signal);
  }
  if (!response.ok) throw await errorFromResponse(response, site, signal);
  let json: unknown;
  try {
    json = JSON.parse(await response.text());
  } catch (error) {
    if (signal.aborted) throw abortedError(signal, site);
    throw siteError(site, "client", `did not answer with JSON from ${site.url} (${String(error)})`);
  }
  const data = isRecord(json) && Array.isArray(json.data) ? json.data : null;
  const vectors = data?.map((item: unknown, i: number) => ({
    index: isRecord(item) && typeof item.index === "number" ? item.index : i,
    embedding: isRecord(item) ? item.embedding : undefined,
  }));
  if (!vectors || vectors.length !== input.length || vectors.some((v) => !isVector(v.embedding)))
    throw siteError(
      site,
      "client",
      `did not answer with ${input.length} embeddings for model "${call.model}" from ${site.url}: ${truncate(JSON.stringify(json) ?? "", 200)}`,
    );
  return vectors.sort((a, b) => a.index - b.index).map((v) => v.embedding as number[]);
}

function isVector(value: unknown): value is number[] {
  return Array.isArray(value) && value.length > 0 && value.every((x) => typeof x === "number" && Number.isFinite(x));
}
