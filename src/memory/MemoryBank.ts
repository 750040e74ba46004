import type { MemoryDraft, MemoryHit, MemoryQuery, MemoryStore } from "../engine/ports";
import type { MemoryFilter, MemoryRecord } from "../model/memoryRecords";
import { cosine, lexicalRelevance, memoryScore, recency, SCORE_WEIGHTS } from "./memoryScore";
import { queryTerms, TextIndex } from "./TextIndex";

/** Where a bank's records live (IndexedDB in the app, a JSON file in the CLI, nothing in tests). */
export interface MemoryBackend {
  /** Every record of the bank's crew. */
  load(): Promise<MemoryRecord[]>;
  /** Inserts or replaces records. */
  put(records: MemoryRecord[]): Promise<void>;
}

/** Makes embeddings for texts with one model (the crew's embedding model through /v1/embeddings). */
export interface Embedder {
  readonly model: string;
  embed(texts: string[]): Promise<number[][]>;
}

export interface MemoryBankOptions {
  backend: MemoryBackend;
  embedder?: Embedder;
  now?: () => number;
  newId?: () => string;
}

/** Most terms of a query searched (its rarest): long task texts would otherwise cost ~10x more. */
const MAX_QUERY_TERMS = 12;

/** Share of distinct words two memories must have in common to count as the same fact said again. */
const SAME_FACT = 0.8;

/**
 * One crew's memory: its records loaded once into a BM25 index and kept up to date as memories are saved. Retrieval
 * ranks by relevance, recency and importance (memoryScore.ts); saving merges a fact already known instead of keeping
 * it twice, and never overwrites a memory a person edited.
 */
export class MemoryBank implements MemoryStore {
  readonly #records = new Map<string, MemoryRecord>();
  readonly #byKey = new Map<string, string>();
  readonly #index = new TextIndex();
  /** How many memories hold each term, to keep a long query's rarest terms. */
  readonly #df = new Map<string, number>();
  readonly #options: MemoryBankOptions;
  #loading: Promise<void> | null = null;

  constructor(
    readonly crewId: string,
    options: MemoryBankOptions,
  ) {
    this.#options = options;
  }

  /** Loads the crew's records (once; later calls wait for the same load). */
  ready(): Promise<void> {
    this.#loading ??= this.#options.backend.load().then((records) => this.#adopt(records));
    // A failed load may be retried by the next call (e.g. a database that was busy upgrading).
    this.#loading.catch(() => {
      this.#loading = null;
    });
    return this.#loading;
  }

  /** Number of records loaded. */
  get size(): number {
    return this.#records.size;
  }

  /** The memories for a task: crew-wide and the agent's own; short-term ones only from this run. */
  async retrieve(query: MemoryQuery, note?: (problem: string) => void): Promise<MemoryHit[]> {
    await this.ready();
    const visible = (r: MemoryRecord | undefined): r is MemoryRecord =>
      !!r && (r.agentId === null || r.agentId === query.agentId) && (r.kind !== "short-term" || r.runId === query.runId);
    const focused = this.#focus(query.text);
    const termCount = queryTerms(focused).length;
    const matches = this.#index.search(focused, (id) => visible(this.#records.get(id)));
    const best = matches[0]?.bm25 ?? 0;
    const relevance = new Map<string, number>(matches.map((m) => [m.id, lexicalRelevance(m, best, termCount)]));
    const vector = await this.#embedQuery(query.text, note);
    const semantic = new Map<string, number>();
    for (const record of this.#records.values()) {
      if (!visible(record)) continue;
      if (vector && record.embedding && record.embeddingModel === this.#options.embedder?.model)
        semantic.set(record.id, Math.max(0, cosine(vector, record.embedding)));
      if (record.kind === "long-term" && record.taskId === query.taskId && !relevance.has(record.id)) relevance.set(record.id, 0);
    }
    const now = this.#now();
    const hits: MemoryHit[] = [];
    for (const id of new Set([...relevance.keys(), ...semantic.keys()])) {
      const record = this.#records.get(id) as MemoryRecord;
      const lexical = relevance.get(id) ?? 0;
      const cos = semantic.get(id);
      let rel = cos === undefined ? lexical : (1 - SCORE_WEIGHTS.semantic) * lexical + SCORE_WEIGHTS.semantic * cos;
      if (record.kind === "long-term" && record.taskId === query.taskId) rel = Math.min(1, rel + SCORE_WEIGHTS.sameTask);
      const score = memoryScore(rel, record.kind === "short-term" ? 1 : recency(now - record.updatedAt), record.importance);
      if (score >= query.threshold && score > 0) hits.push(toHit(record, score));
    }
    // One sentence about several entities is one memory per entity; the prompt needs it once.
    const said = new Set<string>();
    return hits
      .sort((a, b) => b.score - a.score || this.#updated(b.id) - this.#updated(a.id))
      .filter((h) => !said.has(h.text) && said.add(h.text))
      .slice(0, query.limit)
      .map((h) => ({ ...h, score: Math.round(h.score * 1000) / 1000 }));
  }

  /** Stores drafts, merging each with a memory that says the same; returns what is kept for each draft. */
  async save(drafts: MemoryDraft[], note?: (problem: string) => void): Promise<MemoryHit[]> {
    await this.ready();
    const now = this.#now();
    const changed = new Map<string, MemoryRecord>();
    const kept: MemoryRecord[] = [];
    for (const draft of drafts) {
      const key = keyOf(draft);
      const pendingId = [...changed.values()].find((r) => keyOf(r) === key)?.id;
      const existing = (pendingId ? changed.get(pendingId) : undefined) ?? this.#find(key, draft);
      if (existing?.edited) {
        kept.push(existing);
        continue;
      }
      const record: MemoryRecord = existing
        ? {
            ...existing,
            text: draft.text,
            importance: Math.max(existing.importance, draft.importance),
            runId: draft.runId ?? existing.runId,
            taskId: draft.taskId ?? existing.taskId,
            updatedAt: now,
            ...(existing.text === draft.text ? {} : { embedding: undefined, embeddingModel: undefined }),
          }
        : {
            id: this.#options.newId?.() ?? newMemoryId(),
            crewId: this.crewId,
            agentId: draft.agentId,
            taskId: draft.taskId,
            runId: draft.runId,
            kind: draft.kind,
            text: draft.text,
            ...(draft.entity ? { entity: draft.entity } : {}),
            importance: draft.importance,
            createdAt: now,
            updatedAt: now,
            edited: false,
          };
      changed.set(record.id, clean(record));
      kept.push(changed.get(record.id) as MemoryRecord);
    }
    await this.#embedRecords([...changed.values()], note);
    await this.#options.backend.put([...changed.values()]);
    this.#adopt([...changed.values()]);
    return kept.map((r) => toHit(this.#records.get(r.id) ?? r, 1));
  }

  /** The memory browser's view: matches for `text` best first (all kinds and runs), or every record newest first. */
  browse(filter: MemoryFilter = {}): MemoryRecord[] {
    const accept = (r: MemoryRecord | undefined): r is MemoryRecord =>
      !!r && (filter.kind === undefined || r.kind === filter.kind) && (filter.agentId === undefined || r.agentId === filter.agentId);
    if (filter.text?.trim())
      return this.#index.search(filter.text, (id) => accept(this.#records.get(id))).map((m) => this.#records.get(m.id) as MemoryRecord);
    return [...this.#records.values()].filter(accept).sort((a, b) => b.updatedAt - a.updatedAt);
  }

  /**
   * A task's text is the query, often 30-60 words; searching every word costs far more than searching a dozen, and
   * common words only add noise. The query keeps its rarest terms; terms no memory holds go last.
   */
  #focus(text: string): string {
    const terms = queryTerms(text);
    if (terms.length <= MAX_QUERY_TERMS) return text;
    const rarity = (term: string) => this.#df.get(term) || Number.POSITIVE_INFINITY;
    return terms
      .sort((a, b) => rarity(a) - rarity(b))
      .slice(0, MAX_QUERY_TERMS)
      .join(" ");
  }

  /** Adds or replaces records in the bank (after they are stored), keeping the index, term counts and dedupe keys in step. */
  #adopt(records: readonly MemoryRecord[]): void {
    for (const record of records) {
      const old = this.#records.get(record.id);
      if (old) {
        this.#byKey.delete(keyOf(old));
        for (const term of queryTerms(indexText(old))) this.#df.set(term, (this.#df.get(term) ?? 1) - 1);
      }
      this.#records.set(record.id, record);
      this.#byKey.set(keyOf(record), record.id);
      for (const term of queryTerms(indexText(record))) this.#df.set(term, (this.#df.get(term) ?? 0) + 1);
    }
    this.#index.addAll(records.map((r) => ({ id: r.id, text: indexText(r) })));
  }

  /** The record saying the same as the draft: the same words, or nearly the same words in the same scope. */
  #find(key: string, draft: MemoryDraft): MemoryRecord | undefined {
    const same = this.#byKey.get(key);
    if (same) return this.#records.get(same);
    const words = new Set(queryTerms(draft.text));
    if (words.size === 0) return undefined;
    const inScope = (r: MemoryRecord | undefined) =>
      !!r && r.kind === draft.kind && r.agentId === draft.agentId && r.entity?.name.toLowerCase() === draft.entity?.name.toLowerCase();
    for (const match of this.#index.search(this.#focus(draft.text), (id) => inScope(this.#records.get(id))).slice(0, 3)) {
      const record = this.#records.get(match.id) as MemoryRecord;
      if (jaccard(words, new Set(queryTerms(record.text))) >= SAME_FACT) return record;
    }
    return undefined;
  }

  async #embedQuery(text: string, note?: (problem: string) => void): Promise<number[] | null> {
    const embedder = this.#options.embedder;
    if (!embedder) return null;
    try {
      return (await embedder.embed([text]))[0] ?? null;
    } catch (error) {
      note?.(`embeddings (${embedder.model}) failed, so memories were searched by words only: ${(error as Error).message}`);
      return null;
    }
  }

  async #embedRecords(records: MemoryRecord[], note?: (problem: string) => void): Promise<void> {
    const embedder = this.#options.embedder;
    const missing = records.filter((r) => !r.embedding || r.embeddingModel !== embedder?.model);
    if (!embedder || missing.length === 0) return;
    try {
      const vectors = await embedder.embed(missing.map((r) => r.text));
      missing.forEach((r, i) => {
        const vector = vectors[i];
        if (vector) Object.assign(r, { embedding: vector, embeddingModel: embedder.model });
      });
    } catch (error) {
      note?.(`embeddings (${embedder.model}) failed, so ${missing.length} memories were kept without vectors: ${(error as Error).message}`);
    }
  }

  #now(): number {
    return this.#options.now?.() ?? Date.now();
  }

  #updated(id: string): number {
    return this.#records.get(id)?.updatedAt ?? 0;
  }
}

/** A random id; crypto.randomUUID exists only in secure contexts (https, localhost), getRandomValues everywhere. */
export function newMemoryId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** What the index searches: the text, and the entity's name for entity memories. */
function indexText(r: MemoryRecord): string {
  return r.entity ? `${r.entity.name} ${r.text}` : r.text;
}

/** The exact-duplicate key: kind, owner, entity and the text without case, punctuation or spacing differences. */
function keyOf(r: Pick<MemoryRecord, "kind" | "agentId" | "text"> & { entity?: { name: string } | undefined }): string {
  const text = r.text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
  return `${r.kind}\n${r.agentId ?? ""}\n${r.entity?.name.toLowerCase() ?? ""}\n${text}`;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let common = 0;
  for (const x of a) if (b.has(x)) common++;
  return common / (a.size + b.size - common || 1);
}

function toHit(r: MemoryRecord, score: number): MemoryHit {
  return { id: r.id, kind: r.kind, text: r.text, score, ...(r.entity ? { entity: r.entity.name } : {}) };
}

/** Drops keys set to undefined, so stored rows and exports stay valid against the strict record schema. */
function clean(record: MemoryRecord): MemoryRecord {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as MemoryRecord;
}
