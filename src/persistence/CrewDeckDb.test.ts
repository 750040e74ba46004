import "fake-indexeddb/auto";
import { afterEach, describe, expect, it } from "vitest";
import { emptyCrew, newAgent } from "../model/factory";
import { CREWDECK_SCHEMA, CrewDeckDb, type SchemaStep } from "./CrewDeckDb";
import { DexieCrewRepository } from "./DexieCrewRepository";
import { DexieEndpointRepository } from "./DexieEndpointRepository";
import { DexieRunRepository } from "./DexieRunRepository";

let dbCount = 0;
const names: string[] = [];

function uniqueName(): string {
  const name = `schema-test-${++dbCount}-${Date.now()}`;
  names.push(name);
  return name;
}

afterEach(async () => {
  for (const name of names.splice(0)) await new CrewDeckDb(name).delete();
});

const CURRENT = CREWDECK_SCHEMA[CREWDECK_SCHEMA.length - 1]?.version ?? 0;
const VERSION_1 = CREWDECK_SCHEMA.slice(0, 1);

// Stands in for a future release: adds an index and back-fills a field on every existing crew row.
const TEST_STEPS: readonly SchemaStep[] = [
  ...CREWDECK_SCHEMA,
  {
    version: CURRENT + 1,
    stores: { crews: "id, updatedAt, deletedAt, owner" },
    upgrade: (tx) =>
      tx
        .table("crews")
        .toCollection()
        .modify((row: Record<string, unknown>) => {
          row.owner = "local";
        }),
  },
];

describe("CrewDeckDb", () => {
  it("declares version 1 with the crews and meta tables", async () => {
    const db = new CrewDeckDb(uniqueName(), VERSION_1);
    await db.open();
    expect(db.verno).toBe(1);
    expect(db.tables.map((t) => t.name).sort()).toEqual(["crews", "meta"]);
    expect(db.crews.schema.primKey.keyPath).toBe("id");
    expect(db.crews.schema.indexes.map((i) => i.name).sort()).toEqual(["deletedAt", "updatedAt"]);
    expect(db.meta.schema.primKey.keyPath).toBe("key");
    db.close();
  });

  it("declares version 2 with the endpoint, run and run-event tables", async () => {
    const db = new CrewDeckDb(uniqueName(), CREWDECK_SCHEMA.slice(0, 2));
    await db.open();
    expect(db.verno).toBe(2);
    expect(db.tables.map((t) => t.name).sort()).toEqual(["crews", "endpoints", "meta", "runEvents", "runs"]);
    expect(db.endpoints.schema.primKey.keyPath).toBe("id");
    expect(db.runs.schema.primKey.keyPath).toBe("id");
    expect(db.runs.schema.indexes.map((i) => i.name).sort()).toEqual(["[crewId+startedAt]", "crewId", "startedAt", "status"]);
    expect(db.runEvents.schema.primKey.keyPath).toEqual(["runId", "seq"]);
    expect(db.runEvents.schema.indexes.map((i) => i.name)).toEqual(["runId"]);
    db.close();
  });

  it("upgrades a version-1 database with crews to the current schema, keeping the crews", async () => {
    const name = uniqueName();
    const v1 = new CrewDeckDb(name, VERSION_1);
    const repoV1 = new DexieCrewRepository(v1);
    await repoV1.put({ id: "c1", name: "Kept", createdAt: 1, updatedAt: 10, doc: emptyCrew("Kept") });
    await repoV1.setMeta("lastCrew", "c1");
    expect(v1.verno).toBe(1);
    v1.close();

    const current = new CrewDeckDb(name);
    const storage = {
      crews: new DexieCrewRepository(current),
      endpoints: new DexieEndpointRepository(current),
      runs: new DexieRunRepository(current),
    };
    expect((await storage.crews.list()).map((s) => s.id)).toEqual(["c1"]);
    expect(current.verno).toBe(CURRENT);
    expect((await storage.crews.get("c1"))?.doc.name).toBe("Kept");
    expect(await storage.crews.getMeta("lastCrew")).toBe("c1");

    const endpoint = {
      id: "e1",
      preset: "ollama",
      name: "Local",
      baseUrl: "http://localhost:11434/v1",
      model: "llama3",
      apiKey: "",
      createdAt: 5,
    };
    await storage.endpoints.put(endpoint);
    expect(await storage.endpoints.list()).toEqual([endpoint]);
    await storage.runs.put({
      id: "r1",
      crewId: "c1",
      crewName: "Kept",
      startedAt: 20,
      status: "running",
      totalTokens: 0,
      crew: {},
      inputs: {},
    });
    await storage.runs.appendEvents("r1", [{ seq: 1, ts: 21 }]);
    expect((await storage.runs.list("c1")).map((r) => r.id)).toEqual(["r1"]);
    expect(await storage.runs.events("r1")).toEqual([{ seq: 1, ts: 21 }]);
    current.close();
  });

  it("keeps the shipped schema history in ascending version order", () => {
    const versions = CREWDECK_SCHEMA.map((s) => s.version);
    expect(versions[0]).toBe(1);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
  });

  it("rejects a step list that is empty or out of order, naming the database", () => {
    expect(() => new CrewDeckDb("bad-empty", [])).toThrow(/"bad-empty".*empty/);
    const shuffled = [TEST_STEPS[1], TEST_STEPS[0]] as SchemaStep[];
    expect(() => new CrewDeckDb("bad-order", shuffled)).toThrow(/"bad-order".*ascending/);
  });

  it("upgrades an existing database by an appended step, keeping its data", async () => {
    const name = uniqueName();
    const crew = emptyCrew("Before the upgrade");
    crew.agents.push(newAgent("agent-1"));

    const v1 = new CrewDeckDb(name, TEST_STEPS.slice(0, -1));
    const repoV1 = new DexieCrewRepository(v1);
    await repoV1.put({ id: "c1", name: crew.name, createdAt: 1, updatedAt: 10, doc: crew });
    await repoV1.put({ id: "c2", name: "Second", createdAt: 2, updatedAt: 20, doc: emptyCrew("Second") });
    await repoV1.remove("c2");
    await repoV1.setMeta("lastCrew", "c1");
    expect(v1.verno).toBe(CURRENT);
    v1.close();

    const v2 = new CrewDeckDb(name, TEST_STEPS);
    await v2.open();
    expect(v2.verno).toBe(CURRENT + 1);
    const rows = await v2.crews.toArray();
    expect(rows.map((r) => [r.id, (r as unknown as { owner?: string }).owner])).toEqual([
      ["c1", "local"],
      ["c2", "local"],
    ]);
    expect(await v2.crews.where("owner").equals("local").count()).toBe(2);

    const repoV2 = new DexieCrewRepository(v2);
    expect(await repoV2.get("c1")).toEqual({ id: "c1", name: crew.name, createdAt: 1, updatedAt: 10, doc: crew });
    expect((await repoV2.get("c2"))?.deletedAt).toBeGreaterThan(0);
    expect((await repoV2.list()).map((s) => s.id)).toEqual(["c1"]);
    expect(await repoV2.getMeta("lastCrew")).toBe("c1");
    v2.close();
  });

  it("does not run an upgrade again once the database is at that version", async () => {
    const name = uniqueName();
    let runs = 0;
    const steps: SchemaStep[] = [
      ...CREWDECK_SCHEMA,
      {
        version: CURRENT + 1,
        stores: {},
        upgrade: () => {
          runs++;
        },
      },
    ];
    const first = new CrewDeckDb(name, CREWDECK_SCHEMA);
    await first.open();
    first.close();
    for (let i = 0; i < 2; i++) {
      const db = new CrewDeckDb(name, steps);
      await db.open();
      db.close();
    }
    expect(runs).toBe(1);
  });
});
