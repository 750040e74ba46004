import type { CrewRecord, CrewRepository, CrewSummary } from "../../model";

/** CrewRepository kept in memory, for tests: records every write and can be told to fail puts. */
export class MemoryRepository implements CrewRepository {
  readonly records = new Map<string, CrewRecord>();
  readonly meta = new Map<string, unknown>();
  /** Every record passed to put, in call order (copies, so later edits do not change them). */
  readonly puts: CrewRecord[] = [];
  /** When set, put rejects with this error instead of storing. */
  failPuts: Error | null = null;

  constructor(private readonly now: () => number = () => Date.now()) {}

  async list(): Promise<CrewSummary[]> {
    return [...this.records.values()]
      .filter((r) => r.deletedAt === undefined)
      .sort((a, b) => b.updatedAt - a.updatedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((r) => ({
        id: r.id,
        name: r.name,
        process: r.doc.process,
        agents: r.doc.agents.length,
        tasks: r.doc.tasks.length,
        createdAt: r.createdAt,
        updatedAt: r.updatedAt,
      }));
  }

  async get(id: string): Promise<CrewRecord | undefined> {
    const record = this.records.get(id);
    return record ? structuredClone(record) : undefined;
  }

  async put(record: CrewRecord): Promise<void> {
    this.puts.push(structuredClone(record));
    if (this.failPuts) throw this.failPuts;
    // Like the Dexie repository, a put stores a live record (it takes the crew out of the bin).
    const { deletedAt: _bin, ...live } = structuredClone(record);
    this.records.set(record.id, live);
  }

  async remove(id: string): Promise<void> {
    const record = this.records.get(id);
    if (!record) throw new Error(`MemoryRepository.remove: no crew "${id}"`);
    if (record.deletedAt === undefined) record.deletedAt = Math.max(1, this.now());
  }

  async restore(id: string): Promise<void> {
    const record = this.records.get(id);
    if (!record) throw new Error(`MemoryRepository.restore: no crew "${id}"`);
    delete record.deletedAt;
  }

  async purgeDeleted(before: number): Promise<number> {
    let purged = 0;
    for (const [id, record] of this.records) {
      if (record.deletedAt !== undefined && record.deletedAt < before) {
        this.records.delete(id);
        purged++;
      }
    }
    return purged;
  }

  async getMeta<T>(key: string): Promise<T | undefined> {
    return this.meta.get(key) as T | undefined;
  }

  async setMeta(key: string, value: unknown): Promise<void> {
    this.meta.set(key, value);
  }
}
