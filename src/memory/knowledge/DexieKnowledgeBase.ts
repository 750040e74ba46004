import type { KnowledgeBase, KnowledgeHit } from "../../engine/ports";
import type { CrewDeckDb } from "../../persistence";
import { ChunkIndex } from "./ChunkIndex";

/** A crew's knowledge in IndexedDB, read into a search index on the first search of the run and searched in memory after. */
export class DexieKnowledgeBase implements KnowledgeBase {
  #index: Promise<ChunkIndex> | null = null;

  constructor(
    private readonly db: CrewDeckDb,
    readonly crewId: string,
  ) {}

  /** Whether the crew has any ready source (a run without any gets no knowledge base at all). */
  async hasSources(): Promise<boolean> {
    return (
      (await this.db.knowledgeSources
        .where("crewId")
        .equals(this.crewId)
        .filter((s) => s.status === "ready")
        .count()) > 0
    );
  }

  async search(query: { agentId: string | null; text: string; limit: number; signal?: AbortSignal }): Promise<KnowledgeHit[]> {
    this.#index ??= this.#load().catch((error: Error) => {
      this.#index = null;
      throw new Error(`knowledge of crew ${this.crewId} could not be read: ${error.message}`);
    });
    return (await this.#index).search(query);
  }

  async #load(): Promise<ChunkIndex> {
    const { knowledgeSources, knowledgeChunks } = this.db;
    // One read transaction: a source deleted meanwhile is either whole or gone.
    return this.db.transaction("r", knowledgeSources, knowledgeChunks, async () => {
      const sources = (await knowledgeSources.where("crewId").equals(this.crewId).toArray()).filter((s) => s.status === "ready");
      const chunks = await knowledgeChunks.where("crewId").equals(this.crewId).toArray();
      return new ChunkIndex(sources, chunks);
    });
  }
}
