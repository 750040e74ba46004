export { ChunkIndex, type SourceInfo } from "./ChunkIndex";
export { CHUNK_OVERLAP, CHUNK_SIZE, chunkText, joinChunks, type TextChunk } from "./chunkText";
export { DexieKnowledgeBase } from "./DexieKnowledgeBase";
export { DexieKnowledgeRepository, type KnowledgeRepositoryDeps, megabytes } from "./DexieKnowledgeRepository";
export { KNOWLEDGE_FILE_ACCEPT, knowledgeTypeOf, normalizeText, type PdfTextReader, parseSource, type RawSource } from "./parseSource";
export { MAX_SOURCE_BYTES, preparer, type SourcePreparer } from "./prepareSource";
