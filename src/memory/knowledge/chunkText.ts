/** A piece of a text: `text` is exactly `source.slice(start, end)`, so overlapping chunks can rebuild the source. */
export interface TextChunk {
  text: string;
  start: number;
  end: number;
}

/**
 * Sizes in characters. ~1,000 characters is ~250 tokens: the default three chunks a task receives (crew setting
 * `knowledgeLimit`) stay under 1,000 tokens, which leaves room in a 4k-context in-browser model. 150 characters of
 * overlap carry a sentence or two across a cut, so a fact split by a boundary is still whole in one of the chunks.
 */
export const CHUNK_SIZE = 1000;
export const CHUNK_OVERLAP = 150;

/** A cut is searched for in the last half of a window: never a chunk shorter than half the size (unless the text ends). */
const MIN_FILL = 0.5;

/**
 * Splits text into chunks of at most `size` characters, each overlapping the previous one by about `overlap`.
 * Cuts prefer a paragraph break, then a line break, then a sentence end, then a space; a word is cut only when a
 * window holds no space at all. Chunks of only whitespace are left out.
 */
export function chunkText(text: string, size = CHUNK_SIZE, overlap = CHUNK_OVERLAP): TextChunk[] {
  if (!(size > 0) || overlap < 0 || overlap >= size)
    throw new Error(`chunkText: overlap (${overlap}) must be at least 0 and below size (${size})`);
  const chunks: TextChunk[] = [];
  let start = 0;
  while (start < text.length) {
    const end = start + size >= text.length ? text.length : start + cutAt(text.slice(start, start + size), size);
    const piece = text.slice(start, end);
    if (piece.trim()) chunks.push({ text: piece, start, end });
    if (end >= text.length) break;
    start = nextStart(text, start, end, overlap);
  }
  return chunks;
}

/** Where to end a full window: just after the best boundary in its second half. */
function cutAt(window: string, size: number): number {
  const from = Math.floor(size * MIN_FILL);
  for (const boundary of [/\n\s*\n/g, /\n/g, /[.!?]["')\]]?\s/g, /\s/g]) {
    let best = -1;
    for (const match of window.matchAll(boundary)) if (match.index + match[0].length > from) best = match.index + match[0].length;
    if (best > from) return best;
  }
  return size;
}

/** The next chunk starts `overlap` characters back, moved forward to the start of a line, else a sentence, else a word. */
function nextStart(text: string, start: number, end: number, overlap: number): number {
  const from = Math.max(start + 1, end - overlap);
  if (from >= end) return end;
  const tail = text.slice(from, end);
  for (const boundary of [/\n\s*(?=\S)/, /[.!?]["')\]]?\s+(?=\S)/, /\s+(?=\S)/]) {
    const match = boundary.exec(tail);
    if (match) return from + match.index + match[0].length;
  }
  return from;
}

/** Rebuilds the text the chunks were cut from (for re-indexing); a gap left by a whitespace-only chunk becomes a line break. */
export function joinChunks(chunks: readonly TextChunk[]): string {
  let text = "";
  let at = 0;
  for (const chunk of [...chunks].sort((a, b) => a.start - b.start)) {
    if (chunk.start > at) text += "\n".repeat(chunk.start - at);
    if (chunk.end > at) text += chunk.text.slice(Math.max(0, at - chunk.start));
    at = Math.max(at, chunk.end);
  }
  return text;
}
