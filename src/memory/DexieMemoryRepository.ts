import {
  type MemoryExport,
  type MemoryFilter,
  type MemoryPatch,
  type MemoryRecord,
  MemoryRecordSchema,
  type MemoryRepository,
  memoryExport,
  parseMemoryExport,
} from "../model/memoryRecords";
import type { CrewDeckDb } from "../persistence";
import { writeOrExplainQuota } from "../persistence/storageErrors";
import { MemoryBank, newMemoryId } from "./MemoryBank";

/**
 * The memory browser's repository on IndexedDB. Searching builds a BM25 index of the crew's memories and keeps it
 * while the rows stay the same; runs in workers write to the table too, so a fresh list re-reads it, and searches
 * as you type (fresh = false) reuse the last read. Its own writes drop the index.
 */
export class DexieMemoryRepository implements MemoryRepository {
  #cache: { crewId: string; signature: string; bank: MemoryBank } | null = null;

  constructor(
    private readonly db: CrewDeckDb,
    private readonly now: () => number = Date.now,
  ) {}

  async list(crewId: string, filter: MemoryFilter = {}, fresh = true): Promise<MemoryRecord[]> {
    if (fresh || this.#cache?.crewId !== crewId) {
      const rows = await this.db.memories.where("crewId").equals(crewId).toArray();
      const signature = `${rows.length}:${rows.reduce((sum, r) => sum + r.updatedAt, 0)}`;
      if (this.#cache?.crewId !== crewId || this.#cache.signature !== signature) {
        const bank = new MemoryBank(crewId, { backend: { load: async () => rows, put: async () => undefined } });
        await bank.ready();
        this.#cache = { crewId, signature, bank };
      }
    }
    return (this.#cache as { bank: MemoryBank }).bank.browse(filter).map(withoutEmbedding);
  }

  async update(id: string, patch: MemoryPatch): Promise<MemoryRecord> {
    this.#cache = null;
    const old = await this.db.memories.get(id);
    if (!old) throw new Error(`memory "${id}" no longer exists (deleted, or its crew's memory was cleared)`);
    const next = { ...old, ...patch, edited: true, updatedAt: this.now() };
    // A new text needs a new vector; the old one would match what the memory used to say.
    if (patch.text !== undefined && patch.text !== old.text) {
      delete next.embedding;
      delete next.embeddingModel;
    }
    const checked = MemoryRecordSchema.safeParse(next);
    if (!checked.success)
      throw new Error(`memory "${id}": ${checked.error.issues.map((i) => `${i.path.join(".") || "record"}: ${i.message}`).join("; ")}`);
    await writeOrExplainQuota(`save memory "${id}"`, () => this.db.memories.put(checked.data));
    return withoutEmbedding(checked.data);
  }

  async remove(ids: readonly string[]): Promise<void> {
    this.#cache = null;
    await this.db.memories.bulkDelete([...ids]);
  }

  async restore(records: readonly MemoryRecord[]): Promise<void> {
    this.#cache = null;
    // Records come back from the browser without embeddings; a vector still stored under the id is kept.
    await writeOrExplainQuota(`restore ${records.length} memories`, () =>
      this.db.transaction("rw", this.db.memories, async () => {
        const stored = await this.db.memories.bulkGet(records.map((r) => r.id));
        await this.db.memories.bulkPut(records.map((r, i) => ({ ...stored[i], ...r })));
      }),
    );
  }

  async clear(crewId: string): Promise<MemoryRecord[]> {
    this.#cache = null;
    return this.db.transaction("rw", this.db.memories, async () => {
      const rows = await this.db.memories.where("crewId").equals(crewId).toArray();
      await this.db.memories.where("crewId").equals(crewId).delete();
      return rows;
    });
  }

  async exportCrew(crewId: string, crewName: string): Promise<MemoryExport> {
    const rows = await this.db.memories.where("crewId").equals(crewId).toArray();
    return memoryExport(
      crewName,
      rows.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id)),
      this.now(),
    );
  }

  async importCrew(crewId: string, text: string): Promise<{ added: number; replaced: number }> {
    this.#cache = null;
    const records = parseMemoryExport(text, crewId);
    return writeOrExplainQuota(`import ${records.length} memories into crew "${crewId}"`, () =>
      this.db.transaction("rw", this.db.memories, async () => {
        const stored = await this.db.memories.bulkGet(records.map((r) => r.id));
        let replaced = 0;
        const rows = records.map((record, i) => {
          const other = stored[i];
          if (!other) return record;
          // The same memory already in this crew is replaced; an id another crew uses gets a new one (a copy).
          if (other.crewId === crewId) {
            replaced++;
            return record;
          }
          return { ...record, id: newMemoryId() };
        });
        await this.db.memories.bulkPut(rows);
        return { added: rows.length - replaced, replaced };
      }),
    );
  }
}

function withoutEmbedding(record: MemoryRecord): MemoryRecord {
  if (!record.embedding) return record;
  const { embedding: _vector, embeddingModel: _model, ...rest } = record;
  return rest;
}
