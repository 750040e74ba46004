import "fake-indexeddb/auto";
import { afterEach, describe, expect, it } from "vitest";
import type { MemoryDraft, MemoryQuery } from "../engine/ports";
import { CrewDeckDb } from "../persistence";
import { openMemoryStore } from "./dexieMemory";
import { type Embedder, MemoryBank } from "./MemoryBank";

const DAY = 86_400_000;
let dbCount = 0;
const opened: CrewDeckDb[] = [];
let clock = 1_000 * DAY;
let ids = 0;

function setup(crewId = "crew-1", embedder?: Embedder) {
  const db = new CrewDeckDb(`memory-test-${++dbCount}-${Date.now()}`);
  opened.push(db);
  const make = (id = crewId, e = embedder) =>
    new MemoryBank(id, {
      backend: { load: () => db.memories.where("crewId").equals(id).toArray(), put: (r) => db.memories.bulkPut(r).then(() => undefined) },
      now: () => clock,
      newId: () => `m${++ids}`,
      ...(e ? { embedder: e } : {}),
    });
  return { db, bank: make(), make };
}

afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
});

const draft = (text: string, extra: Partial<MemoryDraft> = {}): MemoryDraft => ({
  kind: "long-term",
  text,
  agentId: null,
  taskId: "t1",
  runId: "run-1",
  importance: 0.5,
  ...extra,
});
const query = (text: string, extra: Partial<MemoryQuery> = {}): MemoryQuery => ({
  runId: "run-2",
  agentId: "a1",
  taskId: "other",
  text,
  limit: 5,
  threshold: 0,
  ...extra,
});

describe("MemoryBank", () => {
  it("saves and retrieves each kind; short-term only within its run; survives a new bank over the same database", async () => {
    const { bank, make } = setup();
    await bank.save([
      draft("Lisbon trams run until midnight", { kind: "short-term" }),
      draft("Lisbon has seven hills", { kind: "long-term" }),
      draft("Ana Lopes guides Lisbon walking tours", { kind: "entity", entity: { name: "Ana Lopes", type: "name" } }),
    ]);
    const again = make();
    const sameRun = await again.retrieve(query("Lisbon", { runId: "run-1" }));
    expect(sameRun.map((h) => h.kind).sort()).toEqual(["entity", "long-term", "short-term"]);
    expect(sameRun.find((h) => h.kind === "entity")?.entity).toBe("Ana Lopes");
    const laterRun = await again.retrieve(query("Lisbon"));
    expect(laterRun.map((h) => h.kind).sort()).toEqual(["entity", "long-term"]);
  });

  it("scopes by crew and by agent: crew-wide and the asking agent's own, never another agent's", async () => {
    const { bank, make } = setup("crew-1");
    await bank.save([
      draft("Porto wine cellars crew-wide", { agentId: null }),
      draft("Porto bridges belong to a1", { agentId: "a1" }),
      draft("Porto tiles belong to a2", { agentId: "a2" }),
    ]);
    expect((await bank.retrieve(query("Porto", { agentId: "a1" }))).map((h) => h.text).sort()).toEqual([
      "Porto bridges belong to a1",
      "Porto wine cellars crew-wide",
    ]);
    expect((await bank.retrieve(query("Porto", { agentId: null }))).map((h) => h.text)).toEqual(["Porto wine cellars crew-wide"]);
    expect(await make("crew-2").retrieve(query("Porto"))).toEqual([]);
  });

  it("ranks by relevance, then recency, then importance", async () => {
    const { bank } = setup();
    clock = 1_000 * DAY;
    await bank.save([draft("old note about budget hotels in Rome", { importance: 0.5 })]);
    clock += 60 * DAY;
    await bank.save([
      draft("fresh note about budget hotels in Rome", { importance: 0.5 }),
      draft("fresh weighty lesson about budget hotels in Rome", { importance: 0.9 }),
      draft("Rome has many fountains", { importance: 1 }),
    ]);
    const hits = await bank.retrieve(query("budget hotels Rome"));
    expect(hits.map((h) => h.text)).toEqual([
      "fresh weighty lesson about budget hotels in Rome",
      "fresh note about budget hotels in Rome",
      "old note about budget hotels in Rome",
      "Rome has many fountains",
    ]);
    for (const h of hits) expect(h.score).toBeGreaterThan(0);
    for (const h of hits) expect(h.score).toBeLessThanOrEqual(1);
  });

  it("applies the threshold and the limit; long-term memories of the same task count as relevant", async () => {
    const { bank } = setup();
    await bank.save([
      draft("alpha beta gamma delta"),
      draft("alpha only"),
      draft("nothing in common", { taskId: "t9" }),
      draft("the earlier result of this very task", { taskId: "t9" }),
    ]);
    const all = await bank.retrieve(query("alpha beta gamma delta epsilon"));
    expect(all.map((h) => h.text)).toEqual(["alpha beta gamma delta", "alpha only"]);
    const strict = await bank.retrieve(query("alpha beta gamma delta epsilon", { threshold: 0.5 }));
    expect(strict.map((h) => h.text)).toEqual(["alpha beta gamma delta"]);
    expect(await bank.retrieve(query("alpha beta gamma delta epsilon", { limit: 1 }))).toHaveLength(1);
    const sameTask = await bank.retrieve(query("unrelated words entirely", { taskId: "t9", threshold: 0.2 }));
    expect(sameTask.map((h) => h.text).sort()).toEqual(["nothing in common", "the earlier result of this very task"]);
  });

  it("merges the same fact saved twice (refreshing it) and never overwrites an edited memory", async () => {
    const { bank, db, make } = setup();
    clock = 2_000 * DAY;
    const [first] = await bank.save([draft("Trams in Lisbon are slow but scenic.", { importance: 0.5 })]);
    clock += DAY;
    const [second] = await bank.save([draft("trams in lisbon are SLOW, but scenic", { importance: 0.7, runId: "run-2" })]);
    expect(second?.id).toBe(first?.id);
    expect(await db.memories.count()).toBe(1);
    expect(await db.memories.get(first?.id as string)).toMatchObject({ importance: 0.7, runId: "run-2", updatedAt: clock });
    // Nearly the same words: still the same fact.
    await bank.save([draft("Trams in Lisbon are slow but very scenic.")]);
    expect(await db.memories.count()).toBe(1);
    await db.memories.update(first?.id as string, { text: "Trams are slow (checked by me)", edited: true });
    const fresh = make();
    await fresh.save([draft("Trams are slow (checked by me)")]);
    expect(await db.memories.get(first?.id as string)).toMatchObject({ text: "Trams are slow (checked by me)", edited: true });
    expect(await db.memories.count()).toBe(1);
  });

  it("blends embeddings into relevance, and falls back to words (reported) when embedding fails", async () => {
    let fail = false;
    const vectors: Record<string, number[]> = { cat: [1, 0], feline: [0.9, 0.1], car: [0, 1] };
    const embedder: Embedder = {
      model: "emb-1",
      embed: async (texts) => {
        if (fail) throw new Error("HTTP 500 from /embeddings");
        return texts.map((t) => vectors[t.split(" ")[0] as string] ?? [0.5, 0.5]);
      },
    };
    const { bank, db } = setup("crew-1", embedder);
    await bank.save([draft("feline friends nap"), draft("car engines roar")]);
    expect((await db.memories.toArray()).every((r) => r.embeddingModel === "emb-1" && r.embedding?.length === 2)).toBe(true);
    // No shared words with "feline friends nap", yet the vectors say it is the closer one.
    const hits = await bank.retrieve(query("cat pictures", { threshold: 0.1 }));
    expect(hits[0]?.text).toBe("feline friends nap");
    fail = true;
    const notes: string[] = [];
    const lexical = await bank.retrieve(query("car engines", { threshold: 0.1 }), (n) => notes.push(n));
    expect(lexical.map((h) => h.text)).toEqual(["car engines roar"]);
    expect(notes[0]).toMatch(/embeddings \(emb-1\) failed.*words only.*HTTP 500/);
    await bank.save([draft("bus timetables change")], (n) => notes.push(n));
    expect(notes[1]).toMatch(/kept without vectors/);
    expect((await db.memories.toArray()).find((r) => r.text === "bus timetables change")?.embedding).toBeUndefined();
  });

  it("reports which crew could not be read", async () => {
    const bank = new MemoryBank("crew-x", {
      backend: {
        load: async () => {
          throw new Error("database closed");
        },
        put: async () => undefined,
      },
    });
    await expect(bank.retrieve(query("x"))).rejects.toThrow("database closed");
    const { db } = setup();
    db.close();
    await expect(openMemoryStore(db, "crew-9").retrieve(query("x"))).rejects.toThrow(/crew "crew-9"/);
  });
});
