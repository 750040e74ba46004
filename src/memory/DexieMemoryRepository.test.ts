import "fake-indexeddb/auto";
import { afterEach, describe, expect, it } from "vitest";
import { MemoryImportError, type MemoryRecord } from "../model/memoryRecords";
import { CrewDeckDb } from "../persistence";
import { DexieMemoryRepository } from "./DexieMemoryRepository";

let dbCount = 0;
const opened: CrewDeckDb[] = [];

function setup() {
  const db = new CrewDeckDb(`memory-repo-test-${++dbCount}-${Date.now()}`);
  opened.push(db);
  return { db, repo: new DexieMemoryRepository(db, () => 5_000) };
}

afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
});

const record = (id: string, text: string, extra: Partial<MemoryRecord> = {}): MemoryRecord => ({
  id,
  crewId: "c1",
  agentId: null,
  taskId: "t1",
  runId: "r1",
  kind: "long-term",
  text,
  importance: 0.5,
  createdAt: Number(id.replace(/\D/g, "")) || 1,
  updatedAt: Number(id.replace(/\D/g, "")) || 1,
  edited: false,
  ...extra,
});

async function seed(db: CrewDeckDb) {
  await db.memories.bulkPut([
    record("m1", "Lisbon trams are old"),
    record("m2", "Porto has bridges", { agentId: "a1", kind: "entity", entity: { name: "Porto", type: "name" } }),
    record("m3", "Lisbon food is great", { embedding: [1, 2], embeddingModel: "e" }),
    record("m4", "another crew", { crewId: "c2" }),
  ]);
}

describe("DexieMemoryRepository", () => {
  it("lists newest first, searches by words, filters by kind and agent, and leaves embeddings out", async () => {
    const { db, repo } = setup();
    await seed(db);
    expect((await repo.list("c1")).map((r) => r.id)).toEqual(["m3", "m2", "m1"]);
    expect((await repo.list("c1", { text: "lisbon trams" })).map((r) => r.id)).toEqual(["m1", "m3"]);
    expect((await repo.list("c1", { kind: "entity" })).map((r) => r.id)).toEqual(["m2"]);
    expect((await repo.list("c1", { agentId: null })).map((r) => r.id)).toEqual(["m3", "m1"]);
    expect((await repo.list("c1", { agentId: "a1" })).map((r) => r.id)).toEqual(["m2"]);
    expect((await repo.list("c1")).some((r) => "embedding" in r)).toBe(false);
    // Rows written elsewhere (a run in a worker) show up on the next call.
    await db.memories.put(record("m9", "Lisbon sardines"));
    // Searching as one types reuses the last read; a fresh list re-reads the table.
    expect((await repo.list("c1", { text: "lisbon" }, false)).map((r) => r.id)).not.toContain("m9");
    expect((await repo.list("c1", { text: "lisbon" })).map((r) => r.id)).toContain("m9");
  });

  it("updates mark the memory edited, drop a stale vector, and refuse invalid values", async () => {
    const { db, repo } = setup();
    await seed(db);
    const updated = await repo.update("m3", { text: "Lisbon food is excellent", importance: 0.9 });
    expect(updated).toMatchObject({ edited: true, updatedAt: 5_000, importance: 0.9 });
    expect((await db.memories.get("m3"))?.embedding).toBeUndefined();
    await expect(repo.update("m1", { text: "" })).rejects.toThrow(/memory "m1": text: a memory cannot be empty/);
    await expect(repo.update("gone", { text: "x" })).rejects.toThrow(/memory "gone" no longer exists/);
    expect((await db.memories.get("m1"))?.text).toBe("Lisbon trams are old");
  });

  it("deletes, clears one crew only, and restores for undo", async () => {
    const { db, repo } = setup();
    await seed(db);
    await repo.remove(["m1"]);
    expect(await db.memories.get("m1")).toBeUndefined();
    const cleared = await repo.clear("c1");
    expect(cleared.map((r) => r.id).sort()).toEqual(["m2", "m3"]);
    expect(await db.memories.count()).toBe(1);
    await repo.restore(cleared);
    expect(await db.memories.count()).toBe(3);
    expect((await db.memories.get("m3"))?.embedding).toEqual([1, 2]);
  });

  it("exports and imports JSON; a bad file changes nothing and names the problem", async () => {
    const { db, repo } = setup();
    await seed(db);
    const file = await repo.exportCrew("c1", "Trip crew");
    expect(file).toMatchObject({ format: "crewdeck.memory", version: 1, crew: "Trip crew", exportedAt: 5_000 });
    expect(file.memories.map((m) => m.id)).toEqual(["m1", "m2", "m3"]);
    expect(file.memories[0]).not.toHaveProperty("crewId");
    const text = JSON.stringify(file);
    // Into the same crew: replaced in place. Into another crew: copies with new ids.
    expect(await repo.importCrew("c1", text)).toEqual({ added: 0, replaced: 3 });
    expect(await repo.importCrew("c3", text)).toEqual({ added: 3, replaced: 0 });
    expect(await db.memories.where("crewId").equals("c3").count()).toBe(3);
    expect(await db.memories.count()).toBe(7);

    const bad = JSON.parse(text);
    bad.memories[1].text = "";
    bad.memories[2].kind = "dream";
    const error = await repo.importCrew("c1", JSON.stringify(bad)).catch((e) => e);
    expect(error).toBeInstanceOf(MemoryImportError);
    expect(error.problems).toEqual([
      expect.stringMatching(/^\$\.memories\[1\]\.text: a memory cannot be empty/),
      expect.stringMatching(/^\$\.memories\[2\]\.kind:/),
    ]);
    await expect(repo.importCrew("c1", "{nope")).rejects.toThrow(/not JSON/);
    await expect(repo.importCrew("c1", JSON.stringify({ format: "crewdeck.crew" }))).rejects.toThrow(/a crew file/);
    expect(await db.memories.count()).toBe(7);
  });
});
