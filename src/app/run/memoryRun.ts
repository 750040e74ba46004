import type { MemoryStore } from "../../engine";
import { OpenAiCompatibleProvider } from "../../llm";
import { type Embedder, MemoryBank, openMemoryStore } from "../../memory";
import type { Crew, Endpoint } from "../../model";
import { CrewDeckDb } from "../../persistence";
import { resolveEndpoint } from "./resolveEndpoint";

/** What a run's memory is made from: the start message's crew, its saved id, the device's endpoints and database. */
export interface MemoryRunInput {
  crew: Crew;
  crewId: string | null;
  endpoints: Endpoint[];
  defaultEndpoint: string;
  dbName?: string;
}

/**
 * The run's memory store, or undefined when no agent uses memory. Scoped by the crew's id (by its name before its
 * first save); without a database (tests) memories last for the run only. `warn` hears why embeddings are off.
 */
export function memoryForRun(input: MemoryRunInput, warn: (message: string) => void, signal?: AbortSignal): MemoryStore | undefined {
  const { crew } = input;
  if (!crew.settings.memory && !crew.agents.some((a) => a.memory)) return undefined;
  const crewId = input.crewId ?? `name:${crew.name}`;
  const embedder = embedderFor(input, warn, signal);
  if (!input.dbName)
    return new MemoryBank(crewId, { backend: { load: async () => [], put: async () => undefined }, ...(embedder ? { embedder } : {}) });
  return openMemoryStore(new CrewDeckDb(input.dbName), crewId, embedder);
}

function embedderFor(input: MemoryRunInput, warn: (message: string) => void, signal?: AbortSignal): Embedder | undefined {
  const id = input.crew.settings.embeddingLlm;
  if (!id) return undefined;
  const config = input.crew.llms.find((l) => l.id === id);
  if (!config || config.provider === "webllm") {
    warn(
      `Memory searches by words only: the embedding model "${id}" ${config ? "runs in the browser, which makes no embeddings" : "is not among the crew's model configs"}.`,
    );
    return undefined;
  }
  try {
    const { endpoint, model } = resolveEndpoint(config, input.endpoints, input.defaultEndpoint);
    const provider = new OpenAiCompatibleProvider({
      baseUrl: endpoint.baseUrl,
      ...(endpoint.apiKey ? { apiKey: endpoint.apiKey } : {}),
      label: endpoint.name,
    });
    return { model, embed: (texts) => provider.embed({ model, input: texts, ...(signal ? { signal } : {}) }) };
  } catch (error) {
    warn(`Memory searches by words only: ${(error as Error).message}`);
    return undefined;
  }
}
