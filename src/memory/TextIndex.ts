import MiniSearch from "minisearch";

/** A document of a lexical index: an id and the text to search. */
export interface IndexedText {
  id: string;
  text: string;
}

/** A match: the document id, MiniSearch's BM25 score and the share of the query's distinct terms the document contains (0..1). */
export interface TextMatch {
  id: string;
  bm25: number;
  coverage: number;
}

// Words that match nearly everything and only add noise to BM25 on short memory texts.
const STOP_WORDS = new Set(
  (
    "a an and are as at be but by for from has have he her his i if in into is it its of on or our she so that the their " +
    "them then there these they this to was we were what when which who will with you your do does did not no can"
  ).split(" "),
);

/** Lower-cases, drops stop words and strips common English endings, so "reports"/"reporting" meet "report". */
export function normalizeTerm(term: string): string | null {
  const t = term.toLowerCase();
  if (t.length < 2 || STOP_WORDS.has(t)) return null;
  if (t.length > 5 && t.endsWith("ing")) return t.slice(0, -3);
  if (t.length > 4 && t.endsWith("ies")) return `${t.slice(0, -3)}y`;
  if (t.length > 4 && t.endsWith("ed")) return t.slice(0, -2);
  if (t.length > 3 && t.endsWith("s") && !t.endsWith("ss")) return t.slice(0, -1);
  return t;
}

/** The distinct normalised terms a query searches for (what `coverage` is a share of). */
export function queryTerms(query: string): string[] {
  const tokenize = MiniSearch.getDefault("tokenize") as (text: string) => string[];
  return [
    ...new Set(
      tokenize(query)
        .map(normalizeTerm)
        .filter((t): t is string => t !== null),
    ),
  ];
}

/**
 * A BM25 index over texts (MiniSearch), kept in memory and updated in place; shared by memory and knowledge search.
 * Prefix matching helps partial words; light fuzziness forgives typos in longer words only.
 */
export class TextIndex {
  readonly #search = new MiniSearch<IndexedText>({
    fields: ["text"],
    storeFields: [],
    processTerm: normalizeTerm,
    searchOptions: { prefix: (term) => term.length > 3, fuzzy: (term) => (term.length > 5 ? 0.15 : false) },
  });

  /** Number of documents indexed. */
  get size(): number {
    return this.#search.documentCount;
  }

  has(id: string): boolean {
    return this.#search.has(id);
  }

  /** Adds documents; one already indexed under the same id is replaced. */
  addAll(docs: readonly IndexedText[]): void {
    for (const doc of docs) if (this.#search.has(doc.id)) this.#search.discard(doc.id);
    this.#search.addAll(docs);
  }

  remove(id: string): void {
    if (this.#search.has(id)) this.#search.discard(id);
  }

  clear(): void {
    this.#search.removeAll();
  }

  /** Documents matching any term of the query, best BM25 first; `filter` keeps only the ids it accepts. */
  search(query: string, filter?: (id: string) => boolean): TextMatch[] {
    const terms = new Set(queryTerms(query));
    if (terms.size === 0) return [];
    const results = this.#search.search(query, filter ? { filter: (r) => filter(r.id as string) } : {});
    return results.map((r) => ({
      id: r.id as string,
      bm25: r.score,
      coverage: Math.min(1, new Set(r.queryTerms.map(normalizeTerm)).size / terms.size),
    }));
  }
}
