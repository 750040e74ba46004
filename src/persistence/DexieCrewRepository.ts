import { readCrewValue } from "../model/io";
import { formatPath } from "../model/problems";
import type { CrewRecord, CrewRepository, CrewSummary } from "../model/repository";
import type { Crew, Process } from "../model/schema";
import type { CrewDeckDb, StoredCrew } from "./CrewDeckDb";
import { writeOrExplainQuota } from "./storageErrors";

const PROCESSES: readonly Process[] = ["sequential", "hierarchical", "environment"];

/** CrewRepository on IndexedDB through Dexie. */
export class DexieCrewRepository implements CrewRepository {
  constructor(private readonly db: CrewDeckDb) {}

  async list(): Promise<CrewSummary[]> {
    const rows = await this.db.crews.where("deletedAt").equals(0).toArray();
    // Ties break on id so the list does not reshuffle between renders.
    rows.sort((a, b) => b.updatedAt - a.updatedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return rows.map(summarize);
  }

  async get(id: string): Promise<CrewRecord | undefined> {
    const row = await this.db.crews.get(id);
    if (!row) return undefined;
    const read = readCrewValue(row.doc);
    if (!read.ok) {
      const first = read.problems[0];
      const where = first ? `${formatPath(first.path)}: ${first.message}` : "unknown problem";
      const more = read.problems.length > 1 ? ` (and ${read.problems.length - 1} more problem(s))` : "";
      throw new Error(`DexieCrewRepository.get: stored crew "${id}" in database "${this.db.name}" cannot be read: ${where}${more}`);
    }
    return toRecord(row, read.crew);
  }

  async put(record: CrewRecord): Promise<void> {
    const row: StoredCrew = {
      id: record.id,
      name: record.name,
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
      deletedAt: record.deletedAt && record.deletedAt > 0 ? record.deletedAt : 0,
      // A JSON round trip drops proxies, frozen state and undefined members that IndexedDB's
      // structured clone would reject or keep; the crew document is JSON by definition.
      doc: JSON.parse(JSON.stringify(record.doc)) as unknown,
    };
    await this.write(`put crew "${record.id}"`, () => this.db.crews.put(row));
  }

  async remove(id: string): Promise<void> {
    await this.write(`remove crew "${id}"`, () =>
      this.db.transaction("rw", this.db.crews, async () => {
        const row = await this.db.crews.get(id);
        if (!row) throw this.notFound("remove", id);
        // Keep the first bin time so removing twice does not postpone the purge.
        if (row.deletedAt > 0) return;
        // Math.max guards against a clock (or fake timer) at 0, which would read as "live".
        await this.db.crews.update(id, { deletedAt: Math.max(1, Date.now()) });
      }),
    );
  }

  async restore(id: string): Promise<void> {
    await this.write(`restore crew "${id}"`, async () => {
      const changed = await this.db.crews.update(id, { deletedAt: 0 });
      if (changed === 0 && !(await this.db.crews.get(id))) throw this.notFound("restore", id);
    });
  }

  /** Deletes the binned crews and, in the same transaction, everything kept for them: run history, memory and knowledge. */
  async purgeDeleted(before: number): Promise<number> {
    const db = this.db;
    return this.write("purge the bin", () =>
      db.transaction("rw", [db.crews, db.runs, db.runEvents, db.memories, db.knowledgeSources, db.knowledgeChunks], async () => {
        const ids = (await db.crews.where("deletedAt").between(0, before, false, false).primaryKeys()) as string[];
        if (ids.length === 0) return 0;
        const runIds = (await db.runs.where("crewId").anyOf(ids).primaryKeys()) as string[];
        await db.runEvents.where("runId").anyOf(runIds).delete();
        await db.runs.bulkDelete(runIds);
        await db.memories.where("crewId").anyOf(ids).delete();
        await db.knowledgeChunks.where("crewId").anyOf(ids).delete();
        await db.knowledgeSources.where("crewId").anyOf(ids).delete();
        await db.crews.bulkDelete(ids);
        return ids.length;
      }),
    );
  }

  async getMeta<T>(key: string): Promise<T | undefined> {
    const row = await this.db.meta.get(key);
    return row?.value as T | undefined;
  }

  async setMeta(key: string, value: unknown): Promise<void> {
    await this.write(`set preference "${key}"`, () => this.db.meta.put({ key, value }));
  }

  private notFound(operation: string, id: string): Error {
    return new Error(`DexieCrewRepository.${operation}: no crew with id "${id}" in database "${this.db.name}"`);
  }

  private write<T>(what: string, run: () => PromiseLike<T>): Promise<T> {
    return writeOrExplainQuota(what, run);
  }
}

function toRecord(row: StoredCrew, doc: Crew): CrewRecord {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    ...(row.deletedAt > 0 ? { deletedAt: row.deletedAt } : {}),
    doc,
  };
}

// Summaries read the raw row without parsing, so one broken or older document cannot break the list;
// opening it through get() is where problems are reported.
function summarize(row: StoredCrew): CrewSummary {
  const doc = (typeof row.doc === "object" && row.doc !== null ? row.doc : {}) as Record<string, unknown>;
  const process = PROCESSES.find((p) => p === doc.process) ?? "sequential";
  return {
    id: row.id,
    name: row.name,
    process,
    agents: Array.isArray(doc.agents) ? doc.agents.length : 0,
    tasks: Array.isArray(doc.tasks) ? doc.tasks.length : 0,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
