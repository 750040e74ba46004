import { CHUNK_OVERLAP, CHUNK_SIZE, chunkText, type TextChunk } from "./chunkText";
import { type PdfTextReader, parseSource, type RawSource } from "./parseSource";

/** Sources larger than this are refused before reading: the chunks of a bigger file would strain IndexedDB and search. */
export const MAX_SOURCE_BYTES = 20 * 1024 * 1024;

/** Parses and chunks a source; where it runs (a worker in the browser, the caller's thread in Node) is the caller's choice. */
export type SourcePreparer = (source: RawSource, onProgress: (fraction: number) => void) => Promise<TextChunk[]>;

/** Parse then chunk in this thread; progress goes 0..0.9 while parsing (PDF pages) and reaches 1 once chunked. */
export function preparer(readPdf?: PdfTextReader): SourcePreparer {
  return async (source, onProgress) => {
    const bytes = typeof source.data === "string" ? new TextEncoder().encode(source.data).length : source.data.byteLength;
    if (bytes > MAX_SOURCE_BYTES)
      throw new Error(
        `${source.name}: ${(bytes / 1048576).toFixed(1)} MB is over the ${MAX_SOURCE_BYTES / 1048576} MB limit for a knowledge source`,
      );
    const text = await parseSource(source, readPdf, (f) => onProgress(f * 0.9));
    const chunks = chunkText(text, CHUNK_SIZE, CHUNK_OVERLAP);
    onProgress(1);
    return chunks;
  };
}
