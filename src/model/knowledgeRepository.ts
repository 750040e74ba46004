import type { KnowledgeChunk, KnowledgeSource, KnowledgeType } from "./memoryRecords";

/** A source to add: pasted text or a file's bytes, for the whole crew (agentId null) or one agent. */
export interface KnowledgeUpload {
  /** The new source's id, chosen by the caller so it can follow the source's progress before it is stored. */
  id: string;
  crewId: string;
  agentId: string | null;
  name: string;
  type: KnowledgeType;
  data: string | Uint8Array;
}

/** Where adding a source is: parsing (0..1, PDF page by page) or writing its chunks. */
export type KnowledgeProgress = (stage: "parsing" | "storing", fraction: number) => void;

/** A deleted source with its chunks, kept by the caller so the deletion can be undone. */
export interface RemovedKnowledge {
  source: KnowledgeSource;
  chunks: KnowledgeChunk[];
}

/** How much of the browser's storage this site uses, in bytes. */
export interface StorageUse {
  usage: number;
  quota: number;
}

/**
 * Port: a crew's knowledge sources (IndexedDB in the app). A source and its chunks are written in one transaction:
 * a failure (a full disk) stores nothing of it and loses nothing already stored.
 */
export interface KnowledgeRepository {
  list(crewId: string): Promise<KnowledgeSource[]>;
  /** Parses, chunks and stores a source; rejects with a message naming the source when it cannot. */
  add(upload: KnowledgeUpload, onProgress?: KnowledgeProgress): Promise<KnowledgeSource>;
  /** Deletes a source and its chunks; null when there was no such source. */
  remove(sourceId: string): Promise<RemovedKnowledge | null>;
  /** Puts back what remove() returned. */
  restore(removed: RemovedKnowledge): Promise<void>;
  /** Cuts a source's text into chunks again (after the chunk size changed); its text is rebuilt from the stored chunks. */
  reindex(sourceId: string, onProgress?: KnowledgeProgress): Promise<KnowledgeSource>;
  /** The browser's storage use and quota; null where the browser does not say. */
  storageUse(): Promise<StorageUse | null>;
}
