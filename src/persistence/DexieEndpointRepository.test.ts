import "fake-indexeddb/auto";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Endpoint } from "../model/repository";
import { CrewDeckDb } from "./CrewDeckDb";
import { DexieEndpointRepository } from "./DexieEndpointRepository";

let dbCount = 0;
const opened: CrewDeckDb[] = [];

function setup(): { db: CrewDeckDb; repo: DexieEndpointRepository } {
  const db = new CrewDeckDb(`endpoint-test-${++dbCount}-${Date.now()}`);
  opened.push(db);
  return { db, repo: new DexieEndpointRepository(db) };
}

afterEach(async () => {
  vi.restoreAllMocks();
  for (const db of opened.splice(0)) await db.delete();
});

function endpoint(id: string, createdAt: number, extra: Partial<Endpoint> = {}): Endpoint {
  return {
    id,
    preset: "openai",
    name: `Endpoint ${id}`,
    baseUrl: "https://api.openai.com/v1",
    model: "gpt-4o-mini",
    apiKey: `sk-${id}`,
    createdAt,
    ...extra,
  };
}

describe("DexieEndpointRepository", () => {
  it("starts empty", async () => {
    const { repo } = setup();
    expect(await repo.list()).toEqual([]);
  });

  it("round-trips endpoints, keys included, listed oldest first", async () => {
    const { repo } = setup();
    await repo.put(endpoint("late", 300));
    await repo.put(endpoint("early", 100, { preset: "ollama", baseUrl: "http://localhost:11434/v1", apiKey: "" }));
    await repo.put(endpoint("mid", 200));
    const list = await repo.list();
    expect(list.map((e) => e.id)).toEqual(["early", "mid", "late"]);
    expect(list[0]).toEqual(endpoint("early", 100, { preset: "ollama", baseUrl: "http://localhost:11434/v1", apiKey: "" }));
    expect(list[2]?.apiKey).toBe("sk-late");
  });

  it("breaks createdAt ties on id so the order is stable", async () => {
    const { repo } = setup();
    for (const id of ["b", "c", "a"]) await repo.put(endpoint(id, 1));
    expect((await repo.list()).map((e) => e.id)).toEqual(["a", "b", "c"]);
  });

  it("replaces an endpoint put again under the same id", async () => {
    const { repo } = setup();
    await repo.put(endpoint("e1", 1));
    await repo.put(endpoint("e1", 1, { name: "Renamed", apiKey: "sk-new" }));
    const list = await repo.list();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ name: "Renamed", apiKey: "sk-new" });
  });

  it("stores only the endpoint's own fields", async () => {
    const { db, repo } = setup();
    await repo.put({ ...endpoint("e1", 1), uiOpen: true } as Endpoint);
    expect(await db.endpoints.get("e1")).toEqual(endpoint("e1", 1));
  });

  it("removes an endpoint and its key; removing an unknown id does nothing", async () => {
    const { db, repo } = setup();
    await repo.put(endpoint("a", 1));
    await repo.put(endpoint("b", 2));
    await repo.remove("a");
    expect((await repo.list()).map((e) => e.id)).toEqual(["b"]);
    expect(await db.endpoints.get("a")).toBeUndefined();
    await repo.remove("a");
    await repo.remove("never");
    expect((await repo.list()).map((e) => e.id)).toEqual(["b"]);
  });

  it("refuses an endpoint without an id, naming the endpoint", async () => {
    const { repo } = setup();
    await expect(repo.put(endpoint("", 1, { name: "Nameless" }))).rejects.toThrow(/non-empty id.*"Nameless"/);
  });

  it("reports a full disk with the endpoint id, keeping the original error as cause", async () => {
    const { db, repo } = setup();
    const quota = new DOMException("quota", "QuotaExceededError");
    vi.spyOn(db.endpoints, "put").mockRejectedValue(quota);
    const error = await repo.put(endpoint("e1", 1)).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/"e1".*storage.*full.*Nothing was lost/);
    expect((error as Error).cause).toBe(quota);
  });
});
