import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MockLlmServer } from "../../e2e/mockLlm/MockLlmServer";
import type { RecordedRequest } from "../../e2e/mockLlm/types";
import { CrewSchema, MemoryExportSchema, serializeCrew } from "../model";
import { EXIT } from "./main";
import { runCli } from "./testing/runCli";

let server: MockLlmServer;
const dir = mkdtempSync(join(tmpdir(), "crewdeck-memory-"));

beforeAll(async () => {
  server = await MockLlmServer.start();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const prompt = (req: RecordedRequest | undefined) => (req?.body.messages ?? []).map((m) => String(m.content)).join("\n");

const crew = CrewSchema.parse({
  format: "crewdeck.crew",
  version: 1,
  name: "Memory crew",
  agents: [
    { id: "scout", role: "Scout", goal: "Find places", backstory: "Knows {city}." },
    { id: "writer", role: "Writer", goal: "Write", backstory: "Writes well." },
  ],
  tasks: [
    { id: "scout_task", name: "Scout the city", description: "Find one quiet place in {city}.", expectedOutput: "A place", agent: "scout" },
    { id: "write_task", description: "Write one line about the calm park.", expectedOutput: "One line", agent: "writer" },
  ],
  tools: [],
  inputs: { city: "Lisbon" },
  settings: { memory: true },
});

describe("crewdeck run --memory", () => {
  it("remembers across runs: run 2's prompt holds what run 1 learned, and the events say so", async () => {
    const crewFile = join(dir, "memory.crew.json");
    const memoryFile = join(dir, "lisbon.memory.json");
    const eventsFile = join(dir, "events.ndjson");
    writeFileSync(crewFile, serializeCrew(crew));
    const args = ["run", crewFile, "--base-url", server.url, "--model", "mock-1", "--memory", memoryFile, "--json"];
    server.script([
      { match: "quiet place", times: 1, reply: { content: "Ana Lopes recommends the Jardim da Estrela, a calm park in Lisbon." } },
      { match: "quiet place", reply: { content: "Jardim da Estrela again." } },
      { match: "one line", reply: { content: "A calm park." } },
    ]);
    expect((await runCli(args)).code).toBe(EXIT.ok);
    const first = prompt(server.chatRequests[0]);
    expect(first).not.toContain("What you remember");
    // The writer recalls the scout's output of this run (short-term).
    expect(prompt(server.chatRequests[1])).toContain("What you remember:\n- Ana Lopes recommends the Jardim da Estrela");

    const file = MemoryExportSchema.parse(JSON.parse(readFileSync(memoryFile, "utf8")));
    expect(file.crew).toBe("Memory crew");
    const kinds = file.memories.map((m) => m.kind);
    expect(kinds).toContain("long-term");
    expect(kinds).toContain("short-term");
    expect(file.memories.filter((m) => m.kind === "entity").map((m) => m.entity?.name)).toEqual(
      expect.arrayContaining(["Ana Lopes", "Jardim da Estrela", "Lisbon"]),
    );
    // Crew memory on: memories are crew-wide.
    expect(file.memories.every((m) => m.agentId === null)).toBe(true);

    server.resetCounters();
    expect((await runCli([...args, "--events", eventsFile])).code).toBe(EXIT.ok);
    const second = prompt(server.chatRequests[0]);
    expect(second).toContain('What you remember:\n- Result of "Scout the city": Ana Lopes recommends the Jardim da Estrela');
    // The same sentence said about three entities is recalled once.
    expect(second.match(/^- Ana Lopes recommends/gm)).toHaveLength(1);
    const events = readFileSync(eventsFile, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const retrieved = events.find((e) => e.type === "memory.retrieved" && e.taskId === "scout_task");
    expect(retrieved.items[0]).toMatchObject({ kind: "long-term", text: expect.stringContaining("Jardim da Estrela") });
    expect(retrieved.items[0].score).toBeGreaterThan(0.2);
    expect(events.filter((e) => e.type === "memory.saved").length).toBe(2);
    // Short-term memories of run 1 stay in run 1.
    expect(retrieved.items.map((i: { kind: string }) => i.kind)).not.toContain("short-term");
  });

  it("with an embedding model, memories carry vectors from /v1/embeddings; when embeddings fail, words alone are searched", async () => {
    const crewFile = join(dir, "embedding.crew.json");
    const memoryFile = join(dir, "embedding.memory.json");
    const eventsFile = join(dir, "embedding.events.ndjson");
    const withEmbeddings = CrewSchema.parse({
      ...JSON.parse(serializeCrew(crew)),
      llms: [
        { id: "chat", provider: "openai-compatible", model: "mock-1", baseUrl: server.url },
        { id: "embed", provider: "openai-compatible", model: "embed-1", baseUrl: server.url },
      ],
      defaultLlm: "chat",
      settings: { memory: true, embeddingLlm: "embed" },
    });
    writeFileSync(crewFile, serializeCrew(withEmbeddings));
    const args = ["run", crewFile, "--memory", memoryFile, "--json", "--events", eventsFile];
    server.script([
      { match: "quiet place", reply: { content: "Ana Lopes recommends the Jardim da Estrela, a calm park in Lisbon." } },
      { match: "one line", reply: { content: "A calm park." } },
    ]);
    expect((await runCli(args)).code).toBe(EXIT.ok);
    const embedded = server.embeddingRequests;
    expect(embedded.length).toBeGreaterThan(0);
    expect(embedded.every((r) => r.body.model === "embed-1")).toBe(true);
    // The first task's text was embedded to search with it.
    expect(embedded.some((r) => JSON.stringify(r.body).includes("quiet place"))).toBe(true);
    const file = MemoryExportSchema.parse(JSON.parse(readFileSync(memoryFile, "utf8")));
    expect(file.memories.length).toBeGreaterThan(0);
    for (const m of file.memories) expect(m).toMatchObject({ embeddingModel: "embed-1", embedding: expect.any(Array) });
    expect(file.memories[0]?.embedding).toHaveLength(64);

    // Embeddings down: the run still completes and remembers, and says memory fell back to words.
    server.resetCounters();
    server.embeddingsError = { status: 500 };
    expect((await runCli(args)).code).toBe(EXIT.ok);
    expect(prompt(server.chatRequests[0])).toContain('What you remember:\n- Result of "Scout the city": Ana Lopes recommends');
    const events = readFileSync(eventsFile, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const problems = events.filter((e) => e.type === "memory.error").map((e) => e.error as string);
    expect(problems.some((p) => /embeddings \(embed-1\) failed, so memories were searched by words only/.test(p))).toBe(true);
    expect(events.at(-1)?.type).toBe("run.completed");
  });

  it("refuses a memory file that is not one, and leaves it as it was", async () => {
    const crewFile = join(dir, "memory2.crew.json");
    const memoryFile = join(dir, "bad.memory.json");
    writeFileSync(crewFile, serializeCrew(crew));
    const bad = JSON.stringify({ format: "crewdeck.memory", version: 1, crew: "Memory crew", exportedAt: 1, memories: [{ id: "x" }] });
    writeFileSync(memoryFile, bad);
    const out = await runCli(["run", crewFile, "--base-url", server.url, "--model", "m", "--memory", memoryFile]);
    expect(out.code).toBe(EXIT.invalid);
    expect(out.stderr).toMatch(/memory file .*bad\.memory\.json is not a crewdeck memory file: \$\.memories\[0\]\./);
    expect(readFileSync(memoryFile, "utf8")).toBe(bad);
    expect(server.chatRequests).toHaveLength(0);

    writeFileSync(memoryFile, JSON.stringify({ format: "crewdeck.memory", version: 1, crew: "Other", exportedAt: 1, memories: [] }));
    const other = await runCli(["run", crewFile, "--base-url", server.url, "--model", "m", "--memory", memoryFile]);
    expect(other.code).toBe(EXIT.invalid);
    expect(other.stderr).toContain('holds the memories of crew "Other", not "Memory crew"');
  });
});
