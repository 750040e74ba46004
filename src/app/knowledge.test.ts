import "fake-indexeddb/auto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DexieKnowledgeRepository } from "../memory/knowledge/DexieKnowledgeRepository";
import { preparer } from "../memory/knowledge/prepareSource";
import { CrewDeckDb } from "../persistence";
import { createAppStore } from "../store";
import { MemoryRepository } from "../store/testing/MemoryRepository";

const opened: CrewDeckDb[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const db of opened.splice(0)) await db.delete();
});

/** The app store over the real knowledge repository (IndexedDB from fake-indexeddb), with one saved crew open. */
async function rig(usage = 10) {
  const db = new CrewDeckDb(`knowledge-store-${opened.length}-${Date.now()}`);
  opened.push(db);
  const knowledge = new DexieKnowledgeRepository(db, { prepare: preparer(), estimate: async () => ({ usage, quota: 100 }) });
  let n = 0;
  const store = createAppStore({ repository: new MemoryRepository(), now: () => Date.now(), newId: () => `id-${++n}`, knowledge });
  const crewId = await store.getState().createCrew();
  return { db, store, s: () => store.getState(), crewId };
}

describe("the knowledge slice over IndexedDB", () => {
  it("adds sources in order, keeps a failed one as an error entry, and reports storage use", async () => {
    const { s, crewId } = await rig();
    await s().addKnowledge([
      { name: "Notes", type: "text", data: "The kiosk opens at nine.", agentId: null },
      { name: "bad.json", type: "json", data: new TextEncoder().encode("{"), agentId: "a1" },
      { name: "rows.csv", type: "csv", data: "city,country\nPorto,Portugal\n", agentId: "a1" },
    ]);
    const k = s().knowledge;
    expect(k.crewId).toBe(crewId);
    expect(k.sources.map((x) => [x.name, x.chunkCount, x.agentId])).toEqual([
      ["Notes", 1, null],
      ["rows.csv", 1, "a1"],
    ]);
    expect(k.pending).toEqual([expect.objectContaining({ name: "bad.json", error: expect.stringMatching(/^bad\.json: not valid JSON/) })]);
    expect(k.storage).toEqual({ usage: 10, quota: 100 });
    s().dismissKnowledgeError(k.pending[0]?.id ?? "");
    expect(s().knowledge.pending).toEqual([]);
    await s().refreshKnowledge();
    expect(s().knowledge.sources.map((x) => x.name)).toEqual(["Notes", "rows.csv"]);
  });

  it("deletes with an Undo that puts the source and its chunks back", async () => {
    const { db, s } = await rig();
    await s().addKnowledge([{ name: "Notes", type: "text", data: "The kiosk opens at nine.", agentId: null }]);
    const id = s().knowledge.sources[0]?.id ?? "";
    await s().deleteKnowledge(id);
    expect(s().knowledge.sources).toEqual([]);
    expect(await db.knowledgeChunks.count()).toBe(0);
    const toast = s().toasts.at(-1);
    expect(toast?.message).toBe("Knowledge source “Notes” deleted");
    toast?.action?.run();
    await vi.waitFor(async () => expect(await db.knowledgeChunks.count()).toBe(1));
    await vi.waitFor(() => expect(s().knowledge.sources.map((x) => x.id)).toEqual([id]));
  });

  it("re-indexes in place, and shows a failed re-index on the source while it stays stored", async () => {
    const { db, s } = await rig();
    await s().addKnowledge([{ name: "Notes", type: "text", data: "The kiosk opens at nine.", agentId: null }]);
    const id = s().knowledge.sources[0]?.id ?? "";
    await s().reindexKnowledge(id);
    expect(s().knowledge.pending).toEqual([]);
    vi.spyOn(db.knowledgeChunks, "bulkPut").mockRejectedValueOnce(new DOMException("quota", "QuotaExceededError"));
    await s().reindexKnowledge(id);
    expect(s().knowledge.pending[0]?.error).toMatch(/^Could not re-index "Notes": the browser's storage for this site is full/);
    expect(s().knowledge.sources.map((x) => x.id)).toEqual([id]);
    expect(await db.knowledgeChunks.count()).toBe(1);
  });

  it("asks for a saved crew before adding", async () => {
    const { store, s } = await rig();
    store.setState({ crewId: null });
    await expect(s().addKnowledge([{ name: "N", type: "text", data: "x", agentId: null }])).rejects.toThrow(/the crew is not saved yet/);
  });
});
