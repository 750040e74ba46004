import type { TextMatch } from "./TextIndex";

/**
 * How a memory's score (0..1) is made: relevance gates it (an irrelevant memory scores 0 however new or weighty),
 * recency and importance shift it within that. With relevance 1, a fresh memory of importance 0.5 scores 0.925.
 */
export const SCORE_WEIGHTS = {
  /** Share of the score that relevance alone guarantees. */
  base: 0.6,
  recency: 0.25,
  importance: 0.15,
  /** Query terms a memory must contain to count as fully covering the query (task texts are long, memories short). */
  fullCoverageTerms: 4,
  /** Added to the relevance of a long-term memory of the same task: long-term memory is keyed by task. */
  sameTask: 0.35,
  /** Share of relevance from embeddings' cosine similarity when both sides have vectors. */
  semantic: 0.5,
  /** Days after which recency counts half. */
  halfLifeDays: 14,
} as const;

const DAY_MS = 86_400_000;

/**
 * Lexical relevance 0..1 of one BM25 match: how many of the query's terms it contains (saturating at a few terms,
 * since a long task text never fits in a short memory) times its BM25 score relative to the best match's.
 */
export function lexicalRelevance(match: TextMatch, best: number, queryTermCount: number): number {
  if (queryTermCount === 0 || best <= 0) return 0;
  const matched = match.coverage * queryTermCount;
  const covered = Math.min(1, matched / Math.min(queryTermCount, SCORE_WEIGHTS.fullCoverageTerms));
  return covered * (0.5 + 0.5 * Math.min(1, match.bm25 / best));
}

/** 1 for a memory written now, 0.5 after the half-life, and so on. */
export function recency(ageMs: number): number {
  return 0.5 ** (Math.max(0, ageMs) / (SCORE_WEIGHTS.halfLifeDays * DAY_MS));
}

/** The final score in 0..1. */
export function memoryScore(relevance: number, recent: number, importance: number): number {
  const { base, recency: r, importance: i } = SCORE_WEIGHTS;
  return clamp01(relevance) * (base + r * clamp01(recent) + i * clamp01(importance));
}

/** Cosine similarity of two vectors; 0 when their lengths differ or one is all zeros. */
export function cosine(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length || a.length === 0) return 0;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

function clamp01(x: number): number {
  return Math.max(0, Math.min(1, x));
}
