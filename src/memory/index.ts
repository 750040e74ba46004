export { DexieMemoryRepository } from "./DexieMemoryRepository";
export { dexieMemoryBackend, openMemoryStore } from "./dexieMemory";
export { type Embedder, type MemoryBackend, MemoryBank, type MemoryBankOptions } from "./MemoryBank";
export { cosine, lexicalRelevance, memoryScore, recency, SCORE_WEIGHTS } from "./memoryScore";
export { type IndexedText, normalizeTerm, queryTerms, TextIndex, type TextMatch } from "./TextIndex";
