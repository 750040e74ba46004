import "fake-indexeddb/auto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { emptyCrew, newAgent, newTask } from "../model/factory";
import type { CrewRecord } from "../model/repository";
import type { Crew } from "../model/schema";
import { CrewDeckDb } from "./CrewDeckDb";
import { DexieCrewRepository } from "./DexieCrewRepository";
import { createCrewRepository } from "./index";

let dbCount = 0;
const opened: CrewDeckDb[] = [];

function setup(): { db: CrewDeckDb; repo: DexieCrewRepository } {
  const db = new CrewDeckDb(`repo-test-${++dbCount}-${Date.now()}`);
  opened.push(db);
  return { db, repo: new DexieCrewRepository(db) };
}

afterEach(async () => {
  vi.restoreAllMocks();
  for (const db of opened.splice(0)) await db.delete();
});

function sampleCrew(name = "Research crew", agents = 1, tasks = 1): Crew {
  const crew = emptyCrew(name);
  for (let i = 1; i <= agents; i++) crew.agents.push({ ...newAgent(`agent-${i}`), role: "Researcher", goal: "Find facts" });
  for (let i = 1; i <= tasks; i++)
    crew.tasks.push({ ...newTask(`task-${i}`), description: "Look it up", expectedOutput: "A summary", agent: "agent-1" });
  crew.layout["agent-1"] = { x: 10, y: 20 };
  return crew;
}

function record(id: string, updatedAt: number, doc: Crew = sampleCrew(id)): CrewRecord {
  return { id, name: doc.name, createdAt: 1000, updatedAt, doc };
}

describe("DexieCrewRepository", () => {
  it("round-trips a crew through put and get", async () => {
    const { repo } = setup();
    const rec = record("c1", 2000);
    await repo.put(rec);
    const back = await repo.get("c1");
    expect(back).toEqual(rec);
    expect(back).not.toHaveProperty("deletedAt");
  });

  it("returns undefined for an unknown id", async () => {
    const { repo } = setup();
    expect(await repo.get("nope")).toBeUndefined();
  });

  it("stores a plain copy, not the caller's object", async () => {
    const { db, repo } = setup();
    const doc = Object.freeze(sampleCrew("Frozen"));
    await repo.put(record("c1", 1, doc));
    const agent = doc.agents[0];
    if (agent) agent.role = "changed after put";
    const stored = (await db.crews.get("c1"))?.doc as Crew | undefined;
    expect(stored?.agents[0]?.role).toBe("Researcher");
  });

  it("lists live crews most recently updated first, with counts and process", async () => {
    const { repo } = setup();
    const hier = { ...sampleCrew("Hier", 3, 2), process: "hierarchical" as const };
    await repo.put(record("old", 100, sampleCrew("Old", 1, 1)));
    await repo.put(record("new", 300, hier));
    await repo.put(record("mid", 200, sampleCrew("Mid", 0, 0)));
    const list = await repo.list();
    expect(list.map((s) => s.id)).toEqual(["new", "mid", "old"]);
    expect(list[0]).toEqual({ id: "new", name: "Hier", process: "hierarchical", agents: 3, tasks: 2, createdAt: 1000, updatedAt: 300 });
    expect(list[1]).toMatchObject({ agents: 0, tasks: 0, process: "sequential" });
  });

  it("soft-deletes: the crew leaves the list but get still finds it", async () => {
    const { repo } = setup();
    await repo.put(record("a", 1));
    await repo.put(record("b", 2));
    vi.spyOn(Date, "now").mockReturnValue(5000);
    await repo.remove("a");
    expect((await repo.list()).map((s) => s.id)).toEqual(["b"]);
    const binned = await repo.get("a");
    expect(binned?.deletedAt).toBe(5000);
    expect(binned?.doc.name).toBe("a");
  });

  it("keeps the first bin time when a crew is removed twice", async () => {
    const { repo } = setup();
    await repo.put(record("a", 1));
    vi.spyOn(Date, "now").mockReturnValue(5000);
    await repo.remove("a");
    vi.spyOn(Date, "now").mockReturnValue(9000);
    await repo.remove("a");
    expect((await repo.get("a"))?.deletedAt).toBe(5000);
  });

  it("restores a crew from the bin", async () => {
    const { repo } = setup();
    await repo.put(record("a", 1));
    await repo.remove("a");
    await repo.restore("a");
    expect((await repo.list()).map((s) => s.id)).toEqual(["a"]);
    expect(await repo.get("a")).not.toHaveProperty("deletedAt");
    await repo.restore("a"); // restoring a live crew is harmless
  });

  it("names the id when removing or restoring a crew that does not exist", async () => {
    const { repo } = setup();
    await expect(repo.remove("ghost")).rejects.toThrow(/remove.*"ghost"/);
    await expect(repo.restore("ghost")).rejects.toThrow(/restore.*"ghost"/);
  });

  it("purges only bin entries deleted before the cutoff and returns the count", async () => {
    const { repo } = setup();
    for (const id of ["live", "early1", "early2", "late"]) await repo.put(record(id, 1));
    const now = vi.spyOn(Date, "now");
    now.mockReturnValue(1000);
    await repo.remove("early1");
    now.mockReturnValue(1500);
    await repo.remove("early2");
    now.mockReturnValue(3000);
    await repo.remove("late");
    expect(await repo.purgeDeleted(2000)).toBe(2);
    expect(await repo.get("early1")).toBeUndefined();
    expect(await repo.get("early2")).toBeUndefined();
    expect((await repo.get("late"))?.deletedAt).toBe(3000);
    expect(await repo.get("live")).toBeDefined();
    expect(await repo.purgeDeleted(2000)).toBe(0);
  });

  it("purging a crew also deletes its run history, memory and knowledge, and leaves other crews' alone", async () => {
    const { db, repo } = setup();
    for (const id of ["gone", "kept"]) await repo.put(record(id, 1));
    for (const crewId of ["gone", "kept"]) {
      const runId = `run-${crewId}`;
      await db.runs.put({ id: runId, crewId, crewName: crewId, startedAt: 1, status: "completed", totalTokens: 0, crew: {}, inputs: {} });
      await db.runEvents.bulkPut([1, 2].map((seq) => ({ runId, seq, event: { seq } })));
      await db.memories.put({
        ...{ id: `m-${crewId}`, crewId, agentId: null, taskId: null, runId, kind: "long-term", text: "a fact" },
        ...{ importance: 0.5, createdAt: 1, updatedAt: 1, edited: false },
      });
      await db.knowledgeSources.put({
        ...{ id: `s-${crewId}`, crewId, agentId: null, name: "notes", type: "text", bytes: 4 },
        ...{ chunkCount: 1, status: "ready", createdAt: 1 },
      });
      await db.knowledgeChunks.put({
        id: `c-${crewId}`,
        sourceId: `s-${crewId}`,
        crewId,
        agentId: null,
        index: 0,
        text: "text",
        start: 0,
        end: 4,
      });
    }
    vi.spyOn(Date, "now").mockReturnValue(1000);
    await repo.remove("gone");
    expect(await repo.purgeDeleted(2000)).toBe(1);
    for (const table of [db.runs, db.memories, db.knowledgeSources, db.knowledgeChunks] as const)
      expect((await table.toArray()).map((row) => row.crewId)).toEqual(["kept"]);
    expect((await db.runEvents.toArray()).map((e) => e.runId)).toEqual(["run-kept", "run-kept"]);
  });

  it("keeps the bin state a record carries through put", async () => {
    const { repo } = setup();
    await repo.put({ ...record("a", 1), deletedAt: 777 });
    expect(await repo.list()).toEqual([]);
    expect((await repo.get("a"))?.deletedAt).toBe(777);
  });

  it("gets and sets meta values", async () => {
    const { repo } = setup();
    expect(await repo.getMeta("lastCrew")).toBeUndefined();
    await repo.setMeta("lastCrew", "c1");
    await repo.setMeta("prefs", { theme: "dark", zoom: 1.5 });
    expect(await repo.getMeta<string>("lastCrew")).toBe("c1");
    expect(await repo.getMeta("prefs")).toEqual({ theme: "dark", zoom: 1.5 });
    await repo.setMeta("lastCrew", "c2");
    expect(await repo.getMeta("lastCrew")).toBe("c2");
  });

  it("throws on a corrupt stored doc, naming the crew id and the problem's path", async () => {
    const { db, repo } = setup();
    const doc = sampleCrew("Broken") as unknown as { agents: { id: string }[] };
    if (doc.agents[0]) doc.agents[0].id = "";
    await db.crews.put({ id: "broken-1", name: "Broken", createdAt: 1, updatedAt: 1, deletedAt: 0, doc });
    await expect(repo.get("broken-1")).rejects.toThrow(/"broken-1".*\$\.agents\[0\]\.id: an id cannot be empty/);
  });

  it("refuses a stored doc from a newer format version, naming the id and $.version", async () => {
    const { db, repo } = setup();
    const doc = { ...sampleCrew("Future"), version: 99 };
    await db.crews.put({ id: "future", name: "Future", createdAt: 1, updatedAt: 1, deletedAt: 0, doc });
    await expect(repo.get("future")).rejects.toThrow(/"future".*\$\.version: .*newer crewdeck/);
  });

  it("reads stored docs through readCrewValue, filling what the stored format left out", async () => {
    const { db, repo } = setup();
    const raw = { format: "crewdeck.crew", version: 1, name: "Minimal", agents: [{ id: "a1", role: "Writer" }] };
    await db.crews.put({ id: "raw", name: "Minimal", createdAt: 1, updatedAt: 2, deletedAt: 0, doc: raw });
    const back = await repo.get("raw");
    expect(back?.doc).toMatchObject({ process: "sequential", tasks: [], tools: [], layout: {}, settings: { concurrency: 8 } });
    expect(back?.doc.agents[0]).toMatchObject({ id: "a1", role: "Writer", goal: "", maxIter: 25, tools: [] });
    expect((await repo.list())[0]).toMatchObject({ id: "raw", agents: 1, tasks: 0 });
  });

  it("lists a crew whose stored doc is not an object instead of failing the whole list", async () => {
    const { db, repo } = setup();
    await db.crews.put({ id: "junk", name: "Junk", createdAt: 1, updatedAt: 1, deletedAt: 0, doc: "not a crew" });
    expect(await repo.list()).toEqual([
      { id: "junk", name: "Junk", process: "sequential", agents: 0, tasks: 0, createdAt: 1, updatedAt: 1 },
    ]);
  });

  it("reports a full disk as such, keeping the original error as cause", async () => {
    const { db, repo } = setup();
    const quota = new DOMException("quota", "QuotaExceededError");
    vi.spyOn(db.crews, "put").mockRejectedValue(quota);
    const error = await repo.put(record("c1", 1)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/"c1".*storage.*full.*Nothing was lost/);
    expect((error as Error).cause).toBe(quota);
  });

  it("recognises a quota error wrapped by Dexie and lets other errors through unchanged", async () => {
    const { db, repo } = setup();
    const wrapped = Object.assign(new Error("Transaction aborted"), { name: "AbortError", inner: { name: "QuotaExceededError" } });
    vi.spyOn(db.meta, "put").mockRejectedValueOnce(wrapped);
    await expect(repo.setMeta("k", 1)).rejects.toThrow(/"k".*storage.*full/);
    const other = new Error("something else");
    vi.spyOn(db.meta, "put").mockRejectedValueOnce(other);
    await expect(repo.setMeta("k", 1)).rejects.toBe(other);
  });
});

describe("createCrewRepository", () => {
  it("opens a working repository on the named database", async () => {
    const name = `factory-test-${Date.now()}`;
    const repo = createCrewRepository(name);
    await repo.put(record("c1", 1));
    expect((await repo.list()).map((s) => s.id)).toEqual(["c1"]);
    // A second connection sees the row; the database is in-memory (fake-indexeddb), so no cleanup.
    const db = new CrewDeckDb(name);
    expect(await db.crews.count()).toBe(1);
    db.close();
  });
});
