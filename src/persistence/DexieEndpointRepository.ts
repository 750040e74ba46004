import type { Endpoint, EndpointRepository } from "../model/repository";
import type { CrewDeckDb } from "./CrewDeckDb";
import { writeOrExplainQuota } from "./storageErrors";

/** EndpointRepository on IndexedDB through Dexie; the only place API keys are stored. */
export class DexieEndpointRepository implements EndpointRepository {
  constructor(private readonly db: CrewDeckDb) {}

  /** Every endpoint, oldest first (ties break on id so the order is stable). */
  async list(): Promise<Endpoint[]> {
    const rows = await this.db.endpoints.toArray();
    rows.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return rows;
  }

  /** Adds or replaces the endpoint with this id. */
  async put(endpoint: Endpoint): Promise<void> {
    if (typeof endpoint.id !== "string" || endpoint.id === "")
      throw new Error(`DexieEndpointRepository.put: an endpoint needs a non-empty id (endpoint named "${endpoint.name}")`);
    // Copy the known fields only, so nothing the caller hung on the object (a proxy, UI state) is stored.
    const row: Endpoint = {
      id: endpoint.id,
      preset: endpoint.preset,
      name: endpoint.name,
      baseUrl: endpoint.baseUrl,
      model: endpoint.model,
      apiKey: endpoint.apiKey,
      createdAt: endpoint.createdAt,
    };
    await writeOrExplainQuota(`save endpoint "${endpoint.id}"`, () => this.db.endpoints.put(row));
  }

  /** Deletes the endpoint and its key; removing an id that is not stored does nothing. */
  async remove(id: string): Promise<void> {
    await writeOrExplainQuota(`remove endpoint "${id}"`, () => this.db.endpoints.delete(id));
  }
}
