import { z } from "zod";

/** The kinds of memory a crew keeps: this run's outputs, lessons and results across runs, and what was said about entities. */
export const MEMORY_KINDS = ["short-term", "long-term", "entity"] as const;

/** One kind of memory. */
export type MemoryKind = (typeof MEMORY_KINDS)[number];

/** Version of the memory export format; bump with a migration when the record shape changes. */
export const MEMORY_EXPORT_VERSION = 1;

/** A remembered piece of information, as IndexedDB keeps it and as it is exported. Scoped to one crew (by its id). */
export const MemoryRecordSchema = z
  .object({
    id: z.string().min(1),
    crewId: z.string().min(1),
    /** The agent it belongs to; null when any agent of the crew may recall it. */
    agentId: z.string().nullable(),
    /** The task it came from (long-term memories are keyed by task); null for memories a person wrote. */
    taskId: z.string().nullable(),
    /** The run that produced it; short-term memories are only recalled within this run. */
    runId: z.string().nullable(),
    kind: z.enum(MEMORY_KINDS),
    text: z.string().min(1, "a memory cannot be empty").max(20_000),
    /** Entity memories: who or what it is about. */
    entity: z
      .object({ name: z.string().min(1), type: z.string().default("thing") })
      .strict()
      .optional(),
    /** 0..1; lessons from a reviewer weigh more than a plain result. */
    importance: z.number().min(0).max(1).default(0.5),
    createdAt: z.number(),
    updatedAt: z.number(),
    /** Set when a person wrote or edited it (the memory browser), so automatic saves never overwrite it. */
    edited: z.boolean().default(false),
    /** Optional embedding (when the crew names an embedding model) and the model that made it. */
    embedding: z.array(z.number()).optional(),
    embeddingModel: z.string().optional(),
  })
  .strict();

/** A stored memory. */
export type MemoryRecord = z.infer<typeof MemoryRecordSchema>;

/** The file a crew's memories are exported to and imported from (`<crew>.memory.json`). */
export const MemoryExportSchema = z
  .object({
    format: z.literal("crewdeck.memory"),
    version: z.literal(MEMORY_EXPORT_VERSION),
    crew: z.string(),
    exportedAt: z.number(),
    memories: z.array(MemoryRecordSchema.omit({ crewId: true })),
  })
  .strict();

/** A memory export file. */
export type MemoryExport = z.infer<typeof MemoryExportSchema>;

/** File types a knowledge source can be made from; "text" is text pasted into the app. */
export const KNOWLEDGE_TYPES = ["text", "txt", "md", "csv", "json", "pdf"] as const;

/** One knowledge source type. */
export type KnowledgeType = (typeof KNOWLEDGE_TYPES)[number];

/** A document the crew (or one agent) can draw on; its text is split into chunks kept beside it. */
export const KnowledgeSourceSchema = z
  .object({
    id: z.string().min(1),
    crewId: z.string().min(1),
    /** The agent it belongs to; null for the whole crew. */
    agentId: z.string().nullable(),
    name: z.string().min(1, "a knowledge source needs a name"),
    type: z.enum(KNOWLEDGE_TYPES),
    /** Size of the original file or pasted text, in bytes. */
    bytes: z.number().int().min(0),
    chunkCount: z.number().int().min(0),
    status: z.enum(["indexing", "ready", "error"]),
    error: z.string().optional(),
    createdAt: z.number(),
  })
  .strict();

/** A knowledge source's record (its chunks are stored apart). */
export type KnowledgeSource = z.infer<typeof KnowledgeSourceSchema>;

/** A piece of a knowledge source, the unit that is indexed and retrieved. `start`/`end` are character offsets in the source text. */
export interface KnowledgeChunk {
  id: string;
  sourceId: string;
  crewId: string;
  agentId: string | null;
  index: number;
  text: string;
  start: number;
  end: number;
}

/** What the memory browser filters by; `agentId` null keeps crew-wide memories only, undefined any owner. */
export interface MemoryFilter {
  text?: string;
  kind?: MemoryKind;
  agentId?: string | null;
}

/** What a person may change in a memory (the memory browser); the record is then marked `edited`. */
export type MemoryPatch = Partial<Pick<MemoryRecord, "text" | "importance" | "kind">>;

/** The memory browser's port on a crew's memories; implemented in src/memory, injected by src/app. */
export interface MemoryRepository {
  /**
   * Matches for `filter.text` best first, or every memory newest first; without embeddings (they are large).
   * `fresh` (default) re-reads storage; false may reuse the last read, for searching as a person types.
   */
  list(crewId: string, filter?: MemoryFilter, fresh?: boolean): Promise<MemoryRecord[]>;
  /** Changes a memory and marks it edited, so automatic saves never overwrite it. */
  update(id: string, patch: MemoryPatch): Promise<MemoryRecord>;
  remove(ids: readonly string[]): Promise<void>;
  /** Puts records back as they were (undoing a delete or a clear). */
  restore(records: readonly MemoryRecord[]): Promise<void>;
  /** Deletes every memory of the crew and returns them, for undo. */
  clear(crewId: string): Promise<MemoryRecord[]>;
  exportCrew(crewId: string, crewName: string): Promise<MemoryExport>;
  /** Adds a memory export file's memories to the crew; a file with any problem changes nothing (MemoryImportError). */
  importCrew(crewId: string, text: string): Promise<{ added: number; replaced: number }>;
}

/** A memory file that cannot be imported; `problems` name each mistake by its JSON path. */
export class MemoryImportError extends Error {
  override readonly name = "MemoryImportError";
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`${source} is not a crewdeck memory file: ${problems.slice(0, 3).join("; ")}${problems.length > 3 ? "; …" : ""}`);
  }
}

/** Reads a memory export file (text) and returns its memories for crew `crewId`, or throws MemoryImportError. */
export function parseMemoryExport(text: string, crewId: string, source = "the memory file"): MemoryRecord[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new MemoryImportError(source, [`$: not JSON (${(error as Error).message})`]);
  }
  const format = (json as { format?: unknown } | null)?.format;
  if (format !== "crewdeck.memory")
    throw new MemoryImportError(source, [
      `$.format: expected "crewdeck.memory", got ${format === undefined ? "nothing" : JSON.stringify(format)}${format === "crewdeck.crew" ? " (a crew file: import it as a crew)" : ""}`,
    ]);
  const parsed = MemoryExportSchema.safeParse(json);
  if (!parsed.success)
    throw new MemoryImportError(
      source,
      parsed.error.issues.map((i) => `$${i.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("")}: ${i.message}`),
    );
  return parsed.data.memories.map((m) => ({ ...m, crewId }));
}

/** A crew's memories as an export file (embeddings included, so a re-import need not embed again). */
export function memoryExport(crewName: string, records: readonly MemoryRecord[], exportedAt: number): MemoryExport {
  return {
    format: "crewdeck.memory",
    version: MEMORY_EXPORT_VERSION,
    crew: crewName,
    exportedAt,
    memories: records.map(({ crewId: _crew, ...rest }) => rest),
  };
}
