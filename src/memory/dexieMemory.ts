import type { MemoryRecord } from "../model/memoryRecords";
import type { CrewDeckDb } from "../persistence";
import { writeOrExplainQuota } from "../persistence/storageErrors";
import { type Embedder, type MemoryBackend, MemoryBank } from "./MemoryBank";

/** The `memories` table rows of one crew. */
export function dexieMemoryBackend(db: CrewDeckDb, crewId: string): MemoryBackend {
  return {
    load: async () => {
      try {
        return await db.memories.where("crewId").equals(crewId).toArray();
      } catch (error) {
        throw new Error(`memory: could not read the memories of crew "${crewId}" from IndexedDB: ${(error as Error).message}`, {
          cause: error,
        });
      }
    },
    put: (records: MemoryRecord[]) =>
      writeOrExplainQuota(`save ${records.length} memories of crew "${crewId}"`, async () => {
        await db.memories.bulkPut(records);
      }),
  };
}

/** A crew's memory in IndexedDB for a run (loaded on first use); `crewId` scopes it. */
export function openMemoryStore(db: CrewDeckDb, crewId: string, embedder?: Embedder): MemoryBank {
  return new MemoryBank(crewId, { backend: dexieMemoryBackend(db, crewId), ...(embedder ? { embedder } : {}) });
}
