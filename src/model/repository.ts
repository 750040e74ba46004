import type { Crew, Process } from "./schema";

/** A stored crew: the document plus bookkeeping that is not part of the interchange format. */
export interface CrewRecord {
  id: string;
  name: string;
  createdAt: number;
  updatedAt: number;
  /** Set when the crew is in the bin; cleared by restore. */
  deletedAt?: number;
  doc: Crew;
}

/** What the crew list shows without loading whole documents. */
export interface CrewSummary {
  id: string;
  name: string;
  process: Process;
  agents: number;
  tasks: number;
  createdAt: number;
  updatedAt: number;
}

/** Port for keeping crews on the device; implemented in src/persistence, injected by src/app. */
export interface CrewRepository {
  /** Crews not in the bin, most recently changed first. */
  list(): Promise<CrewSummary[]>;
  /** A crew by id (also one in the bin), with its document migrated to the current format. */
  get(id: string): Promise<CrewRecord | undefined>;
  /** Inserts or replaces a crew. */
  put(record: CrewRecord): Promise<void>;
  /** Moves a crew to the bin (soft delete), so it can be restored. */
  remove(id: string): Promise<void>;
  /** Takes a crew out of the bin. */
  restore(id: string): Promise<void>;
  /** Deletes for good the crews that went into the bin before `before` (epoch ms). */
  purgeDeleted(before: number): Promise<number>;
  /** Small device-local preferences (last open crew, theme). */
  getMeta<T>(key: string): Promise<T | undefined>;
  setMeta(key: string, value: unknown): Promise<void>;
}
