// Bundled by bench/knowledge.ts with esbuild and run in headless Chromium: knowledge search and indexing on the real
// code paths (TextIndex via ChunkIndex, the Dexie repository on the browser's IndexedDB).
import { ChunkIndex, DexieKnowledgeBase, DexieKnowledgeRepository, preparer } from "../src/memory/knowledge";
import type { KnowledgeChunk } from "../src/model";
import { CrewDeckDb } from "../src/persistence/CrewDeckDb";
import { random, vocabulary } from "./corpus";

function prose(chars: number, words: string[], rnd: () => number): string {
  let out = "";
  let sentence = 0;
  while (out.length < chars) {
    const word = words[Math.floor(words.length * rnd() ** 3)] as string;
    out += sentence === 0 ? word[0]?.toUpperCase() + word.slice(1) : word;
    sentence++;
    if (sentence > 8 && rnd() < 0.15) {
      out += rnd() < 0.2 ? ".\n\n" : ". ";
      sentence = 0;
    } else out += " ";
  }
  return out;
}

const words = vocabulary(8000, random(1));

/** Search latency over `count` chunks of ~1,000 characters: build time and one time per query (task-sized queries). */
export function benchSearch(count: number, queries: number): { buildMs: number; times: number[]; hitsPerQuery: number } {
  const rnd = random(2);
  const chunks: KnowledgeChunk[] = Array.from({ length: count }, (_, i) => ({
    id: `s${i % 50}:${i}`,
    sourceId: `s${i % 50}`,
    crewId: "bench",
    agentId: i % 5 === 0 ? "a1" : null,
    index: i,
    text: prose(1000, words, rnd),
    start: 0,
    end: 1000,
  }));
  const sources = Array.from({ length: 50 }, (_, i) => ({ id: `s${i}`, name: `Source ${i}`, agentId: null }));
  const t0 = performance.now();
  const index = new ChunkIndex(sources, chunks);
  const buildMs = performance.now() - t0;
  const times: number[] = [];
  let hits = 0;
  for (let q = 0; q < queries; q++) {
    // A task's description and expected output: a few sentences.
    const text = prose(200 + Math.floor(rnd() * 200), words, rnd);
    const start = performance.now();
    hits += index.searchNow(q % 2 ? "a1" : null, text, 3).length;
    times.push(performance.now() - start);
  }
  return { buildMs, times, hitsPerQuery: hits / queries };
}

/** Adding a text of `bytes` characters end to end: parse + chunk, store in IndexedDB, then load and index it for search. */
export async function benchIndexing(bytes: number): Promise<Record<string, number>> {
  const text = prose(bytes, words, random(3)).slice(0, bytes);
  const db = new CrewDeckDb(`bench-knowledge-${Date.now()}`);
  const stages: Record<string, number> = {};
  let last = performance.now();
  const mark = (stage: string) => {
    const now = performance.now();
    stages[stage] = (stages[stage] ?? 0) + now - last;
    last = now;
  };
  const prepare = preparer();
  const repo = new DexieKnowledgeRepository(db, {
    prepare: async (source, onProgress) => {
      const chunks = await prepare(source, onProgress);
      mark("parseChunkMs");
      return chunks;
    },
  });
  const t0 = performance.now();
  last = t0;
  const source = await repo.add({
    id: "big",
    crewId: "bench",
    agentId: null,
    name: "big.txt",
    type: "txt",
    data: new TextEncoder().encode(text),
  });
  mark("storeMs");
  const base = new DexieKnowledgeBase(db, "bench");
  await base.search({ agentId: null, text: "warm up", limit: 3 });
  mark("loadAndIndexMs");
  const totalMs = performance.now() - t0;
  await db.delete();
  return { ...stages, totalMs, chunks: source.chunkCount, megabytes: bytes / 1048576 };
}

if (typeof window !== "undefined") Object.assign(globalThis, { benchSearch, benchIndexing });
