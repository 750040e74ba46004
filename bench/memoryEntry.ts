// Bundled by bench/memory.ts with esbuild and run in headless Chromium: memory retrieval on the real code paths
// (MemoryBank over the Dexie backend, the memory browser's repository) with the browser's own IndexedDB.
import type { MemoryDraft } from "../src/engine/ports";
import { DexieMemoryRepository, openMemoryStore } from "../src/memory";
import { MEMORY_KINDS, type MemoryRecord } from "../src/model";
import { CrewDeckDb } from "../src/persistence/CrewDeckDb";
import { random, vocabulary } from "./corpus";

function words(count: number, vocab: string[], rnd: () => number): string {
  return Array.from({ length: count }, () => vocab[Math.floor(vocab.length * rnd() ** 3)]).join(" ");
}

const time = async (f: () => Promise<unknown>) => {
  const start = performance.now();
  await f();
  return performance.now() - start;
};

/** Stores `count` memories of one crew, then times task-sized retrievals (what runs before each task) and browser searches. */
async function benchMemory(count: number, queries: number) {
  const rnd = random(7);
  const vocab = vocabulary(8000, rnd);
  const db = new CrewDeckDb("crewdeck-memory-bench");
  await db.memories.clear();
  const now = Date.now();
  const records: MemoryRecord[] = Array.from({ length: count }, (_, i) => {
    const kind = MEMORY_KINDS[i % 3] as MemoryRecord["kind"];
    return {
      id: `m${i}`,
      crewId: "bench-crew",
      agentId: i % 4 === 0 ? null : `a${i % 4}`,
      taskId: `t${i % 20}`,
      runId: `r${i % 50}`,
      kind,
      text: words(20 + Math.floor(rnd() * 60), vocab, rnd),
      ...(kind === "entity" ? { entity: { name: words(2, vocab, rnd), type: "name" } } : {}),
      importance: 0.3 + rnd() * 0.7,
      createdAt: now - Math.floor(rnd() * 90 * 86_400_000),
      updatedAt: now - Math.floor(rnd() * 90 * 86_400_000),
      edited: false,
    };
  });
  const storeMs = await time(() => db.memories.bulkPut(records));
  const bank = openMemoryStore(db, "bench-crew");
  const loadMs = await time(() => bank.ready());
  const asks = Array.from({ length: queries }, (_, i) => ({
    runId: `r${i % 50}`,
    agentId: `a${1 + (i % 3)}`,
    taskId: `t${i % 20}`,
    text: words(30 + Math.floor(rnd() * 30), vocab, rnd),
    limit: 5,
    threshold: 0.2,
  }));
  // Warm the JIT on a few queries first, as a crew's first task would have.
  for (const q of asks.slice(0, 10)) await bank.retrieve(q);
  const times: number[] = [];
  let hits = 0;
  for (const q of asks) {
    const start = performance.now();
    hits += (await bank.retrieve(q)).length;
    times.push(performance.now() - start);
  }
  const saves: number[] = [];
  for (let i = 0; i < 20; i++) {
    const drafts: MemoryDraft[] = Array.from({ length: 5 }, () => ({
      kind: "long-term",
      text: words(40, vocab, rnd),
      agentId: null,
      taskId: "t1",
      runId: "r-new",
      importance: 0.5,
    }));
    saves.push(await time(() => bank.save(drafts)));
  }
  const repo = new DexieMemoryRepository(db);
  // Opening the browser reads and indexes the table; searching as one types reuses that read.
  const openMs = await time(() => repo.list("bench-crew"));
  const browse: number[] = [];
  for (let i = 0; i < 20; i++) browse.push(await time(() => repo.list("bench-crew", { text: words(2, vocab, rnd) }, false)));
  db.close();
  await CrewDeckDb.delete("crewdeck-memory-bench");
  return { times, hitsPerQuery: hits / queries, storeMs, loadMs, saves, openMs, browse };
}

Object.assign(globalThis, { benchMemory });
