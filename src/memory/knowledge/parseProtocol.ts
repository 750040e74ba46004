import type { TextChunk } from "./chunkText";
import type { RawSource } from "./parseSource";

/** A source to parse and chunk in the knowledge worker. */
export interface ToParseWorker {
  id: string;
  source: RawSource;
}

/** What the knowledge worker answers, by request id. */
export type FromParseWorker =
  | { id: string; type: "progress"; fraction: number }
  | { id: string; type: "done"; chunks: TextChunk[] }
  | { id: string; type: "error"; message: string };
