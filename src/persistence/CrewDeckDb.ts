import Dexie, { type DexieOptions, type Table, type Version } from "dexie";
import type { KnowledgeChunk, KnowledgeSource, MemoryRecord } from "../model/memoryRecords";
import type { Endpoint, RunRecord } from "../model/repository";

/** Name of the IndexedDB database the app keeps its crews, endpoints and run history in. */
export const CREWDECK_DB_NAME = "crewdeck";

/**
 * A crew row as IndexedDB holds it. `doc` stays `unknown` because rows may hold documents of an older
 * format version; the repository migrates and parses them on read.
 */
export interface StoredCrew {
  id: string;
  name: string;
  createdAt: number;
  updatedAt: number;
  /** 0 while the crew is live: IndexedDB cannot index `undefined`, and the bin queries need the index. */
  deletedAt: number;
  doc: unknown;
}

/** A device-local preference row. */
export interface MetaRow {
  key: string;
  value: unknown;
}

/**
 * A stored piece of a run's log, keyed by [runId+seq]. A row holds one written batch, `events` (plain-JSON events in
 * seq order; `seq` is the first one's), so a long run costs a few writes a second rather than one per streamed token.
 * Rows from before batches hold a single `event` under its own seq; both kinds are read.
 */
export interface StoredRunEvent {
  runId: string;
  seq: number;
  event?: unknown;
  events?: unknown[];
}

/** One schema version of the database: Dexie store declarations plus an optional data upgrade. */
export interface SchemaStep {
  version: number;
  /** Only the tables this version adds or changes; `null` drops a table. */
  stores: Record<string, string | null>;
  /** Rewrites existing rows; Dexie runs it once, inside the version-change transaction. */
  upgrade?: Parameters<Version["upgrade"]>[0];
}

// DO NOT CHANGE A SHIPPED VERSION; ADD A NEW ONE WITH AN UPGRADE.
// Browsers keep the data of every user who ever opened the app; editing a shipped step makes their
// stored schema disagree with the code and Dexie will refuse to open or silently skip the upgrade.
/** The database's schema history, oldest first. Append a step to change the schema. */
export const CREWDECK_SCHEMA: readonly SchemaStep[] = [
  {
    version: 1,
    stores: {
      crews: "id, updatedAt, deletedAt",
      meta: "key",
    },
  },
  {
    // Endpoints (with their API keys, which live only in this table) and run history.
    // runEvents is keyed by the compound [runId+seq] rather than ++n so that appending an event
    // whose seq is already stored overwrites it instead of duplicating it (idempotent retries).
    version: 2,
    stores: {
      endpoints: "id",
      runs: "id, crewId, startedAt, status, [crewId+startedAt]",
      runEvents: "[runId+seq], runId",
    },
  },
  {
    // Memory and knowledge, scoped by crew id. Rows are loaded per crew into an in-memory search index, so only the
    // crew (and source) lookups need an index; agentId may be null and IndexedDB cannot index null.
    version: 3,
    stores: {
      memories: "id, crewId, [crewId+kind], runId",
      knowledgeSources: "id, crewId",
      knowledgeChunks: "id, sourceId, crewId",
    },
  },
];

/** The crewdeck IndexedDB database; `steps` is injectable so tests can exercise schema upgrades. */
export class CrewDeckDb extends Dexie {
  // `declare` so class-field semantics do not overwrite the tables Dexie assigns in `stores()`.
  declare crews: Table<StoredCrew, string>;
  declare meta: Table<MetaRow, string>;
  declare endpoints: Table<Endpoint, string>;
  declare runs: Table<RunRecord, string>;
  declare runEvents: Table<StoredRunEvent, [string, number]>;
  declare memories: Table<MemoryRecord, string>;
  declare knowledgeSources: Table<KnowledgeSource, string>;
  declare knowledgeChunks: Table<KnowledgeChunk, string>;

  constructor(name: string = CREWDECK_DB_NAME, steps: readonly SchemaStep[] = CREWDECK_SCHEMA, options?: DexieOptions) {
    super(name, options);
    checkSteps(name, steps);
    for (const step of steps) {
      const version = this.version(step.version).stores(step.stores);
      if (step.upgrade) version.upgrade(step.upgrade);
    }
  }
}

function checkSteps(name: string, steps: readonly SchemaStep[]): void {
  if (steps.length === 0) throw new Error(`CrewDeckDb "${name}": the schema step list is empty`);
  let previous = 0;
  for (const step of steps) {
    if (!Number.isInteger(step.version) || step.version <= previous)
      throw new Error(
        `CrewDeckDb "${name}": schema step versions must be whole numbers in ascending order, got ${step.version} after ${previous}`,
      );
    previous = step.version;
  }
}
