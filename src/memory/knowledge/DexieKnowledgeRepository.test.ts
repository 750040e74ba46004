import "fake-indexeddb/auto";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { KnowledgeUpload } from "../../model";
import { CrewDeckDb } from "../../persistence";
import { isQuotaError } from "../../persistence/storageErrors";
import { DexieKnowledgeBase } from "./DexieKnowledgeBase";
import { DexieKnowledgeRepository } from "./DexieKnowledgeRepository";
import { nodePdfReader } from "./pdfNode";
import { preparer } from "./prepareSource";
import { minimalPdf } from "./testing/minimalPdf";

let dbCount = 0;
const opened: CrewDeckDb[] = [];

function setup(estimate?: () => Promise<{ usage?: number; quota?: number }>) {
  const db = new CrewDeckDb(`knowledge-test-${++dbCount}-${Date.now()}`);
  opened.push(db);
  return {
    db,
    repo: new DexieKnowledgeRepository(db, { prepare: preparer(nodePdfReader), now: () => 1000, ...(estimate ? { estimate } : {}) }),
  };
}

afterEach(async () => {
  vi.restoreAllMocks();
  for (const db of opened.splice(0)) await db.delete();
});

const longText = (topic: string, n: number) =>
  Array.from({ length: n }, (_, i) => `Fact ${i} about ${topic} is written down here.`).join(" ");

function upload(id: string, extra: Partial<KnowledgeUpload> = {}): KnowledgeUpload {
  return { id, crewId: "c1", agentId: null, name: `${id}.txt`, type: "txt", data: longText("tides", 60), ...extra };
}

describe("DexieKnowledgeRepository", () => {
  it("parses, chunks and stores a source with its chunk count, reporting progress, and lists it by crew", async () => {
    const { db, repo } = setup();
    const stages: string[] = [];
    const source = await repo.add(upload("s1"), (stage, f) => stages.push(`${stage}:${f}`));
    expect(source).toMatchObject({ id: "s1", crewId: "c1", status: "ready", type: "txt", createdAt: 1000 });
    expect(source.chunkCount).toBeGreaterThan(1);
    expect(await db.knowledgeChunks.where("sourceId").equals("s1").count()).toBe(source.chunkCount);
    expect(stages.at(0)).toMatch(/^parsing:/);
    expect(stages.slice(-2)).toEqual(["storing:0", "storing:1"]);
    await repo.add(upload("other", { crewId: "c2" }));
    expect((await repo.list("c1")).map((s) => s.id)).toEqual(["s1"]);
  });

  it("stores a PDF's text and finds it by a later search", async () => {
    const { db, repo } = setup();
    const pdf = minimalPdf([["The harbour master is Ines Duarte."]]);
    const source = await repo.add(upload("p1", { name: "harbour.pdf", type: "pdf", data: pdf }));
    expect(source).toMatchObject({ chunkCount: 1, bytes: pdf.byteLength });
    const hits = await new DexieKnowledgeBase(db, "c1").search({ agentId: null, text: "who is the harbour master", limit: 3 });
    expect(hits[0]).toMatchObject({ sourceId: "p1", source: "harbour.pdf", text: "The harbour master is Ines Duarte.", score: 1 });
  });

  it("stores nothing when parsing fails, and the error names the file", async () => {
    const { db, repo } = setup();
    await expect(repo.add(upload("bad", { name: "bad.json", type: "json", data: "{" }))).rejects.toThrow(/^bad\.json: not valid JSON/);
    expect(await db.knowledgeSources.count()).toBe(0);
    expect(await db.knowledgeChunks.count()).toBe(0);
  });

  it("on a full disk stores nothing of the new source, keeps the others, and says so with the use and quota", async () => {
    const { db, repo } = setup(async () => ({ usage: 99 * 1048576, quota: 100 * 1048576 }));
    await repo.add(upload("kept"));
    const keptChunks = await db.knowledgeChunks.count();
    // The chunks go in first; the source's record fails after them, inside the same transaction.
    vi.spyOn(db.knowledgeSources, "put").mockRejectedValueOnce(new DOMException("quota", "QuotaExceededError"));
    const error = (await repo.add(upload("big")).catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(
      /^Could not store "big\.txt": the browser's storage for this site is full \(99 MB of 100 MB used\)\. Nothing of it was stored/,
    );
    expect(isQuotaError(error.cause)).toBe(true);
    expect((await repo.list("c1")).map((s) => s.id)).toEqual(["kept"]);
    expect(await db.knowledgeChunks.count()).toBe(keptChunks);
    expect(await db.knowledgeChunks.where("sourceId").equals("big").count()).toBe(0);
  });

  it("a failed re-index leaves the old chunks; a good one rebuilds the same text into the same chunks", async () => {
    const { db, repo } = setup();
    const source = await repo.add(upload("s1"));
    const before = await db.knowledgeChunks.where("sourceId").equals("s1").sortBy("index");
    vi.spyOn(db.knowledgeChunks, "bulkPut").mockRejectedValueOnce(new Error("disk on fire"));
    await expect(repo.reindex("s1")).rejects.toThrow(/^Could not re-index "s1\.txt" \(knowledge source s1\): disk on fire/);
    expect(await db.knowledgeChunks.where("sourceId").equals("s1").sortBy("index")).toEqual(before);
    expect(await repo.reindex("s1")).toEqual(source);
    expect(await db.knowledgeChunks.where("sourceId").equals("s1").sortBy("index")).toEqual(before);
    await expect(repo.reindex("ghost")).rejects.toThrow(/knowledge source ghost does not exist/);
  });

  it("removes a source with its chunks, and restores it for undo", async () => {
    const { db, repo } = setup();
    await repo.add(upload("s1"));
    const removed = await repo.remove("s1");
    expect(removed?.source.id).toBe("s1");
    expect(await db.knowledgeChunks.count()).toBe(0);
    expect(await repo.remove("s1")).toBeNull();
    if (removed) await repo.restore(removed);
    expect(await db.knowledgeChunks.count()).toBe(removed?.chunks.length);
    expect((await repo.list("c1")).map((s) => s.id)).toEqual(["s1"]);
  });

  it("gives the storage quota only when the browser tells it", async () => {
    expect(await setup().repo.storageUse()).toBeNull();
    expect(await setup(async () => ({ usage: 5, quota: 10 })).repo.storageUse()).toEqual({ usage: 5, quota: 10 });
    expect(await setup(async () => Promise.reject(new Error("no"))).repo.storageUse()).toBeNull();
  });
});

describe("DexieKnowledgeBase", () => {
  it("searches crew-wide sources for everyone and an agent's own sources only for that agent", async () => {
    const { db, repo } = setup();
    await repo.add(upload("crew", { name: "Crew handbook", type: "text", data: "Lunch is served at noon in the canteen." }));
    await repo.add(
      upload("mine", { name: "Chef notes", agentId: "chef", type: "text", data: "The canteen lunch menu changes on Mondays." }),
    );
    const base = new DexieKnowledgeBase(db, "c1");
    expect(await base.hasSources()).toBe(true);
    const forChef = await base.search({ agentId: "chef", text: "canteen lunch", limit: 5 });
    expect(forChef.map((h) => h.source).sort()).toEqual(["Chef notes", "Crew handbook"]);
    const forOthers = await base.search({ agentId: "waiter", text: "canteen lunch", limit: 5 });
    expect(forOthers.map((h) => h.source)).toEqual(["Crew handbook"]);
    expect(await base.search({ agentId: null, text: "canteen", limit: 0 })).toEqual([]);
    expect(await new DexieKnowledgeBase(db, "nobody").hasSources()).toBe(false);
  });
});
