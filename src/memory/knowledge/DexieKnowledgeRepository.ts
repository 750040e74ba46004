import type {
  KnowledgeChunk,
  KnowledgeProgress,
  KnowledgeRepository,
  KnowledgeSource,
  KnowledgeUpload,
  RemovedKnowledge,
  StorageUse,
} from "../../model";
import type { CrewDeckDb } from "../../persistence";
import { isQuotaError } from "../../persistence/storageErrors";
import { CHUNK_OVERLAP, CHUNK_SIZE, chunkText, joinChunks, type TextChunk } from "./chunkText";
import type { SourcePreparer } from "./prepareSource";

/** Side effects of the repository, injected: the parser (a worker in the app), the clock and the storage estimate. */
export interface KnowledgeRepositoryDeps {
  prepare: SourcePreparer;
  now?: () => number;
  /** navigator.storage.estimate in the browser; absent where there is none. */
  estimate?: () => Promise<{ usage?: number; quota?: number }>;
}

/** Knowledge sources and their chunks in the crewdeck IndexedDB database. */
export class DexieKnowledgeRepository implements KnowledgeRepository {
  readonly #now: () => number;

  constructor(
    private readonly db: CrewDeckDb,
    private readonly deps: KnowledgeRepositoryDeps,
  ) {
    this.#now = deps.now ?? Date.now;
  }

  async list(crewId: string): Promise<KnowledgeSource[]> {
    return (await this.db.knowledgeSources.where("crewId").equals(crewId).toArray()).sort((a, b) => a.createdAt - b.createdAt);
  }

  async add(upload: KnowledgeUpload, onProgress?: KnowledgeProgress): Promise<KnowledgeSource> {
    const { id, crewId, agentId, name, type, data } = upload;
    if (!name.trim()) throw new Error("A knowledge source needs a name");
    if (await this.db.knowledgeSources.get(id)) throw new Error(`knowledge source ${id} already exists`);
    const pieces = await this.deps.prepare({ name, type, data }, (f) => onProgress?.("parsing", f));
    const source: KnowledgeSource = {
      id,
      crewId,
      agentId,
      name: name.trim(),
      type,
      bytes: typeof data === "string" ? new TextEncoder().encode(data).length : data.byteLength,
      chunkCount: pieces.length,
      status: "ready",
      createdAt: this.#now(),
    };
    onProgress?.("storing", 0);
    await this.#write(source, toChunks(source, pieces), `store "${source.name}"`);
    onProgress?.("storing", 1);
    return source;
  }

  async remove(sourceId: string): Promise<RemovedKnowledge | null> {
    const { knowledgeSources, knowledgeChunks } = this.db;
    return this.db.transaction("rw", knowledgeSources, knowledgeChunks, async () => {
      const source = await knowledgeSources.get(sourceId);
      if (!source) return null;
      const chunks = await knowledgeChunks.where("sourceId").equals(sourceId).toArray();
      await knowledgeChunks.where("sourceId").equals(sourceId).delete();
      await knowledgeSources.delete(sourceId);
      return { source, chunks };
    });
  }

  async restore(removed: RemovedKnowledge): Promise<void> {
    await this.#write(removed.source, removed.chunks, `restore "${removed.source.name}"`);
  }

  async reindex(sourceId: string, onProgress?: KnowledgeProgress): Promise<KnowledgeSource> {
    const source = await this.db.knowledgeSources.get(sourceId);
    if (!source) throw new Error(`knowledge source ${sourceId} does not exist (deleted in another tab?)`);
    onProgress?.("parsing", 0);
    const old = await this.db.knowledgeChunks.where("sourceId").equals(sourceId).toArray();
    const pieces = chunkText(joinChunks(old), CHUNK_SIZE, CHUNK_OVERLAP);
    const next: KnowledgeSource = { ...source, chunkCount: pieces.length, status: "ready" };
    delete next.error;
    onProgress?.("storing", 0);
    await this.#write(next, toChunks(next, pieces), `re-index "${source.name}"`);
    onProgress?.("storing", 1);
    return next;
  }

  async storageUse(): Promise<StorageUse | null> {
    const estimate = await this.deps.estimate?.().catch(() => undefined);
    if (!estimate?.quota) return null;
    return { usage: estimate.usage ?? 0, quota: estimate.quota };
  }

  /** Replaces a source and all its chunks in one transaction: on any failure the previous state stays as it was. */
  async #write(source: KnowledgeSource, chunks: KnowledgeChunk[], what: string): Promise<void> {
    const { knowledgeSources, knowledgeChunks } = this.db;
    try {
      await this.db.transaction("rw", knowledgeSources, knowledgeChunks, async () => {
        await knowledgeChunks.where("sourceId").equals(source.id).delete();
        await knowledgeChunks.bulkPut(chunks);
        await knowledgeSources.put(source);
      });
    } catch (error) {
      if (!isQuotaError(error))
        throw new Error(`Could not ${what} (knowledge source ${source.id}): ${(error as Error).message}`, { cause: error });
      const use = await this.storageUse();
      const full = use ? ` (${megabytes(use.usage)} of ${megabytes(use.quota)} used)` : "";
      throw new Error(
        `Could not ${what}: the browser's storage for this site is full${full}. Nothing of it was stored, and the sources ` +
          "already stored are intact. Free some space (delete sources, runs or other site data) and add it again.",
        { cause: error },
      );
    }
  }
}

function toChunks(source: KnowledgeSource, pieces: readonly TextChunk[]): KnowledgeChunk[] {
  return pieces.map((piece, index) => ({
    id: `${source.id}:${index}`,
    sourceId: source.id,
    crewId: source.crewId,
    agentId: source.agentId,
    index,
    text: piece.text,
    start: piece.start,
    end: piece.end,
  }));
}

/** Bytes as "12.3 MB". */
export function megabytes(bytes: number): string {
  return `${(bytes / 1048576).toFixed(bytes < 10 * 1048576 ? 1 : 0)} MB`;
}
