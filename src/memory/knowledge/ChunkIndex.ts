import MiniSearch from "minisearch";
import type { KnowledgeBase, KnowledgeHit } from "../../engine/ports";
import type { KnowledgeChunk } from "../../model";
import { normalizeTerm, TextIndex } from "../TextIndex";

/**
 * A task's text is the query, often 30-60 words. Searching every word (each with prefix and fuzzy expansion) costs
 * ~10x more than searching a dozen, and the common words only add noise: the query keeps its rarest terms.
 */
export const MAX_QUERY_TERMS = 12;

const tokenize = MiniSearch.getDefault("tokenize") as (text: string) => string[];

/** The distinct normalised terms of a text, each with the first word it came from. */
function termsOf(text: string): Map<string, string> {
  const terms = new Map<string, string>();
  for (const token of tokenize(text)) {
    const term = normalizeTerm(token);
    if (term && !terms.has(term)) terms.set(term, token);
  }
  return terms;
}

/** What a hit needs to know of its source. */
export interface SourceInfo {
  id: string;
  name: string;
  agentId: string | null;
}

/**
 * An in-memory BM25 search over a crew's chunks (a KnowledgeBase): crew-wide sources always, an agent's own only for
 * that agent. Scores are relative to the best hit of the query (1 = best), so they read the same whatever the corpus.
 */
export class ChunkIndex implements KnowledgeBase {
  readonly #index = new TextIndex();
  readonly #chunks = new Map<string, KnowledgeChunk>();
  readonly #sources = new Map<string, SourceInfo>();
  /** How many chunks hold each term, to keep a long query's rarest terms. */
  readonly #df = new Map<string, number>();

  constructor(sources: readonly SourceInfo[] = [], chunks: readonly KnowledgeChunk[] = []) {
    this.add(sources, chunks);
  }

  /** Number of chunks indexed. */
  get size(): number {
    return this.#chunks.size;
  }

  /** Adds sources and their chunks; chunks of an unknown source are ignored (a source deleted while they were read). */
  add(sources: readonly SourceInfo[], chunks: readonly KnowledgeChunk[]): void {
    for (const source of sources) this.#sources.set(source.id, source);
    const known = chunks.filter((c) => this.#sources.has(c.sourceId));
    for (const chunk of known) {
      if (this.#chunks.has(chunk.id)) continue;
      this.#chunks.set(chunk.id, chunk);
      for (const term of termsOf(chunk.text).keys()) this.#df.set(term, (this.#df.get(term) ?? 0) + 1);
    }
    this.#index.addAll(known.map((c) => ({ id: c.id, text: c.text })));
  }

  async search(query: { agentId: string | null; text: string; limit: number; signal?: AbortSignal }): Promise<KnowledgeHit[]> {
    return this.searchNow(query.agentId, query.text, query.limit);
  }

  /** The query's rarest terms (at most MAX_QUERY_TERMS); terms no chunk holds go last, as only a typo or prefix could match them. */
  focus(text: string): string {
    const terms = termsOf(text);
    if (terms.size <= MAX_QUERY_TERMS) return text;
    const rarity = (term: string) => this.#df.get(term) || Number.POSITIVE_INFINITY;
    // The words as written, not their normalised forms: the index normalises again, and stemming twice can change a word.
    return [...terms.keys()]
      .sort((a, b) => rarity(a) - rarity(b))
      .slice(0, MAX_QUERY_TERMS)
      .map((term) => terms.get(term))
      .join(" ");
  }

  /** The search itself, synchronous (benchmarks time it without the promise). */
  searchNow(agentId: string | null, text: string, limit: number): KnowledgeHit[] {
    if (limit <= 0) return [];
    const visible = (id: string) => {
      const owner = this.#chunks.get(id)?.agentId ?? null;
      return owner === null || owner === agentId;
    };
    const matches = this.#index.search(this.focus(text), visible).slice(0, limit);
    const best = matches[0]?.bm25 ?? 1;
    return matches.flatMap((m) => {
      const chunk = this.#chunks.get(m.id);
      const source = chunk && this.#sources.get(chunk.sourceId);
      if (!chunk || !source) return [];
      return [
        { chunkId: chunk.id, sourceId: source.id, source: source.name, text: chunk.text, score: Math.round((m.bm25 / best) * 1000) / 1000 },
      ];
    });
  }
}
