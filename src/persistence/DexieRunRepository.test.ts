import "fake-indexeddb/auto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { emptyCrew } from "../model/factory";
import type { RunRecord } from "../model/repository";
import { CrewDeckDb, type StoredRunEvent } from "./CrewDeckDb";
import { DexieRunRepository } from "./DexieRunRepository";
import { openCrewDeck } from "./index";

let dbCount = 0;
const opened: CrewDeckDb[] = [];

function setup(): { db: CrewDeckDb; repo: DexieRunRepository } {
  const db = new CrewDeckDb(`run-test-${++dbCount}-${Date.now()}`);
  opened.push(db);
  return { db, repo: new DexieRunRepository(db) };
}

afterEach(async () => {
  vi.restoreAllMocks();
  for (const db of opened.splice(0)) await db.delete();
});

function run(id: string, crewId: string, startedAt: number, extra: Partial<RunRecord> = {}): RunRecord {
  return {
    id,
    crewId,
    crewName: `Crew ${crewId}`,
    startedAt,
    status: "completed",
    totalTokens: 0,
    crew: emptyCrew(crewId),
    inputs: {},
    ...extra,
  };
}

function ev(seq: number, ts = 1000 + seq, type = "task.started"): { runId: string; seq: number; ts: number; type: string } {
  return { runId: "ignored", seq, ts, type };
}

describe("DexieRunRepository runs", () => {
  it("round-trips a run through put and get; unknown ids give undefined", async () => {
    const { repo } = setup();
    const rec = run("r1", "c1", 10, { endedAt: 20, totalTokens: 123, inputs: { topic: "owls" } });
    await repo.put(rec);
    expect(await repo.get("r1")).toEqual(rec);
    expect(await repo.get("nope")).toBeUndefined();
  });

  it("keeps a batch run's batch, row and output", async () => {
    const { repo } = setup();
    const rec = run("r2", "c1", 10, { batch: { id: "b1", row: 2, size: 3 }, output: "the answer" });
    await repo.put(rec);
    expect(await repo.get("r2")).toEqual(rec);
  });

  it("replaces the summary row on put, keeping the run's events", async () => {
    const { repo } = setup();
    await repo.put(run("r1", "c1", 10, { status: "running" }));
    await repo.appendEvents("r1", [ev(1)]);
    await repo.put(run("r1", "c1", 10, { status: "failed", endedAt: 30, totalTokens: 9 }));
    const back = await repo.get("r1");
    expect(back).toMatchObject({ status: "failed", endedAt: 30, totalTokens: 9 });
    expect(await repo.events("r1")).toEqual([ev(1)]);
  });

  it("does not store an undefined endedAt or the caller's object", async () => {
    const { repo } = setup();
    const rec = run("r1", "c1", 10, { endedAt: undefined, inputs: { a: "1" } });
    await repo.put(rec);
    rec.inputs.a = "changed";
    const back = await repo.get("r1");
    expect(back).not.toHaveProperty("endedAt");
    expect(back?.inputs).toEqual({ a: "1" });
  });

  it("lists a crew's runs newest first and keeps crews apart", async () => {
    const { repo } = setup();
    await repo.put(run("a-old", "A", 100));
    await repo.put(run("b-1", "B", 250));
    await repo.put(run("a-new", "A", 300));
    await repo.put(run("a-mid", "A", 200));
    await repo.put(run("ab", "AB", 400)); // a crew id sharing a prefix must not leak in
    expect((await repo.list("A")).map((r) => r.id)).toEqual(["a-new", "a-mid", "a-old"]);
    expect((await repo.list("B")).map((r) => r.id)).toEqual(["b-1"]);
    expect(await repo.list("nobody")).toEqual([]);
  });

  it("removes a run together with its events only", async () => {
    const { db, repo } = setup();
    await repo.put(run("r1", "c1", 1));
    await repo.put(run("r2", "c1", 2));
    await repo.appendEvents("r1", [ev(1), ev(2)]);
    await repo.appendEvents("r2", [ev(1)]);
    await repo.remove("r1");
    expect(await repo.get("r1")).toBeUndefined();
    expect(await repo.events("r1")).toEqual([]);
    expect(await db.runEvents.where("runId").equals("r1").count()).toBe(0);
    expect(await repo.events("r2")).toEqual([ev(1)]);
    expect((await repo.list("c1")).map((r) => r.id)).toEqual(["r2"]);
    await repo.remove("r1"); // removing again is harmless
  });

  it("removes run and events in one transaction: a failing delete keeps both", async () => {
    const { db, repo } = setup();
    await repo.put(run("r1", "c1", 1));
    await repo.appendEvents("r1", [ev(1)]);
    vi.spyOn(db.runs, "delete").mockRejectedValueOnce(new Error("disk on fire"));
    await expect(repo.remove("r1")).rejects.toThrow(/disk on fire/);
    expect(await repo.get("r1")).toBeDefined();
    expect(await repo.events("r1")).toEqual([ev(1)]);
  });

  it("reports a full disk with the run id, keeping the original error as cause", async () => {
    const { db, repo } = setup();
    const quota = new DOMException("quota", "QuotaExceededError");
    vi.spyOn(db.runs, "put").mockRejectedValue(quota);
    const error = await repo.put(run("r9", "c1", 1)).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/"r9".*storage.*full.*Nothing was lost/);
    expect((error as Error).cause).toBe(quota);
  });
});

describe("DexieRunRepository events", () => {
  it("appends batches and reads them back in seq order", async () => {
    const { repo } = setup();
    await repo.appendEvents("r1", [ev(3), ev(1)]);
    await repo.appendEvents("r1", [ev(2)]);
    await repo.appendEvents("r1", [ev(10), ev(4)]);
    await repo.appendEvents("r1", []);
    expect((await repo.events("r1")).map((e) => (e as { seq: number }).seq)).toEqual([1, 2, 3, 4, 10]);
  });

  it("does not duplicate an event appended again with the same seq", async () => {
    const { db, repo } = setup();
    await repo.appendEvents("r1", [ev(1), ev(2)]);
    await repo.appendEvents("r1", [ev(2), ev(3)]);
    await repo.appendEvents("r1", [ev(1), ev(2), ev(3)]);
    expect(await repo.events("r1")).toEqual([ev(1), ev(2), ev(3)]);
    // The same batch again replaces its row rather than adding one.
    await repo.appendEvents("r2", [ev(1), ev(2)]);
    await repo.appendEvents("r2", [ev(1), ev(2)]);
    expect(await db.runEvents.where("runId").equals("r2").count()).toBe(1);
    expect(await repo.events("r2")).toEqual([ev(1), ev(2)]);
  });

  it("stores a batch as one row, and a very long one in rows of at most 1000 events", async () => {
    const { db, repo } = setup();
    await repo.appendEvents("r1", [ev(2), ev(1), ev(3)]);
    expect(await db.runEvents.count()).toBe(1);
    const many = Array.from({ length: 2500 }, (_, i) => ev(i + 4));
    await repo.appendEvents("r1", many);
    expect(await db.runEvents.count()).toBe(4);
    const back = (await repo.events("r1")).map((e) => (e as { seq: number }).seq);
    expect(back).toEqual(Array.from({ length: 2503 }, (_, i) => i + 1));
  });

  it("reads rows stored one event each, as before batches, along with batch rows", async () => {
    const { db, repo } = setup();
    await db.runEvents.bulkPut([1, 2].map((seq) => ({ runId: "old", seq, event: ev(seq) })));
    await repo.appendEvents("old", [ev(3), ev(4)]);
    expect(await repo.events("old")).toEqual([ev(1), ev(2), ev(3), ev(4)]);
    await repo.put(run("only-old", "c1", 10, { status: "running" }));
    await db.runEvents.bulkPut([1, 2].map((seq) => ({ runId: "only-old", seq, event: ev(seq, 70 + seq) })));
    expect(await repo.markInterrupted()).toBe(1);
    expect(await repo.get("only-old")).toMatchObject({ status: "interrupted", endedAt: 72 });
  });

  it("keeps events of different runs apart", async () => {
    const { repo } = setup();
    await repo.appendEvents("r1", [ev(1, 1, "one"), ev(2, 2, "one")]);
    await repo.appendEvents("r10", [ev(1, 1, "ten")]);
    await repo.appendEvents("r", [ev(1, 1, "bare")]);
    expect((await repo.events("r1")).map((e) => (e as { type: string }).type)).toEqual(["one", "one"]);
    expect((await repo.events("r10")).map((e) => (e as { type: string }).type)).toEqual(["ten"]);
    expect(await repo.events("other")).toEqual([]);
  });

  it("stores plain JSON copies of the events", async () => {
    const { repo } = setup();
    const event = { seq: 1, ts: 5, note: undefined as string | undefined, nested: { n: 1 } };
    await repo.appendEvents("r1", [event]);
    event.nested.n = 2;
    expect(await repo.events("r1")).toEqual([{ seq: 1, ts: 5, nested: { n: 1 } }]);
  });

  it("refuses a batch with an event lacking a numeric seq, naming run and index, storing nothing", async () => {
    const { repo } = setup();
    await expect(repo.appendEvents("r7", [ev(1), { ts: 1 }])).rejects.toThrow(/event 1 .*"r7".*numeric seq/);
    await expect(repo.appendEvents("r7", [ev(1), { seq: "2" }])).rejects.toThrow(/"r7"/);
    await expect(repo.appendEvents("r7", [null])).rejects.toThrow(/event 0 .*"r7"/);
    await expect(repo.appendEvents("r7", [{ seq: Number.NaN }])).rejects.toThrow(/"r7"/);
    expect(await repo.events("r7")).toEqual([]);
  });

  it("writes a batch in one transaction: a failure after the write rolls all of it back", async () => {
    const { db, repo } = setup();
    await repo.appendEvents("r1", [ev(1)]);
    const quota = Object.assign(new Error("Transaction aborted"), { name: "AbortError", inner: { name: "QuotaExceededError" } });
    const bulkPut = db.runEvents.bulkPut.bind(db.runEvents);
    const writeThenFail = (rows: readonly StoredRunEvent[]) =>
      bulkPut(rows).then(() => {
        throw quota;
      });
    vi.spyOn(db.runEvents, "bulkPut").mockImplementationOnce(writeThenFail as typeof db.runEvents.bulkPut);
    await expect(repo.appendEvents("r1", [ev(2), ev(3)])).rejects.toThrow(/2 event\(s\) of run "r1".*storage.*full/);
    expect(await repo.events("r1")).toEqual([ev(1)]);
  });
});

describe("DexieRunRepository.markInterrupted", () => {
  it("turns running runs into interrupted, ending them at their last event, and counts them", async () => {
    const { repo } = setup();
    await repo.put(run("with-events", "c1", 10, { status: "running" }));
    await repo.put(run("no-events", "c1", 20, { status: "running" }));
    await repo.put(run("done", "c1", 30, { status: "completed", endedAt: 40 }));
    await repo.put(run("failed", "c2", 30, { status: "failed", endedAt: 41 }));
    await repo.appendEvents("with-events", [ev(1, 11), ev(3, 13), ev(2, 12)]);
    await repo.appendEvents("done", [ev(1, 99)]);

    expect(await repo.markInterrupted()).toBe(2);
    expect(await repo.get("with-events")).toMatchObject({ status: "interrupted", endedAt: 13 });
    const noEvents = await repo.get("no-events");
    expect(noEvents?.status).toBe("interrupted");
    expect(noEvents).not.toHaveProperty("endedAt");
    expect(await repo.get("done")).toMatchObject({ status: "completed", endedAt: 40 });
    expect(await repo.get("failed")).toMatchObject({ status: "failed", endedAt: 41 });
    expect(await repo.markInterrupted()).toBe(0);
  });

  it("returns 0 on an empty database", async () => {
    const { repo } = setup();
    expect(await repo.markInterrupted()).toBe(0);
  });
});

describe("openCrewDeck", () => {
  it("shares one database between the crew, endpoint and run repositories", async () => {
    const storage = openCrewDeck(`deck-test-${++dbCount}-${Date.now()}`);
    opened.push(storage.db);
    await storage.crews.put({ id: "c1", name: "Crew", createdAt: 1, updatedAt: 1, doc: emptyCrew("Crew") });
    await storage.endpoints.put({ id: "e1", preset: "custom", name: "E", baseUrl: "http://x", model: "m", apiKey: "k", createdAt: 1 });
    await storage.runs.put(run("r1", "c1", 1));
    expect([await storage.db.crews.count(), await storage.db.endpoints.count(), await storage.db.runs.count()]).toEqual([1, 1, 1]);
  });
});
