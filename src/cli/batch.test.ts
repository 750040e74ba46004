import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MockLlmServer } from "../../e2e/mockLlm/MockLlmServer";
import type { RecordedRequest } from "../../e2e/mockLlm/types";
import { CrewSchema, serializeCrew } from "../model";
import { parseArgs, UsageError } from "./args";
import { EXIT } from "./main";
import { runCli } from "./testing/runCli";

let server: MockLlmServer;
const dir = mkdtempSync(join(tmpdir(), "crewdeck-batch-"));

beforeAll(async () => {
  server = await MockLlmServer.start();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const crewFile = () => {
  const file = join(dir, `crew-${Math.random().toString(36).slice(2)}.crew.json`);
  const crew = CrewSchema.parse({
    format: "crewdeck.crew",
    version: 1,
    name: "Haiku crew",
    inputs: { tone: "calm" },
    agents: [{ id: "poet", role: "Poet", goal: "Write haiku", backstory: "Writes short." }],
    tasks: [{ id: "haiku", description: "Write a {tone} haiku about {topic}", expectedOutput: "A haiku", agent: "poet" }],
  });
  writeFileSync(file, serializeCrew(crew));
  return file;
};

const write = (name: string, text: string) => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};

const cli = (args: string[]) => runCli(["run", crewFile(), "--base-url", server.url, "--model", "mock-1", ...args]);

const topicOf = (req: RecordedRequest) => /haiku about (\w+)/.exec(JSON.stringify(req.body.messages))?.[1] ?? "?";
const replyPerTopic = () =>
  server.script([
    {
      match: /haiku about/,
      reply: (req) => ({ content: `HAIKU(${topicOf(req)})`, latencyMs: 150, usage: { prompt_tokens: 10, completion_tokens: 4 } }),
    },
  ]);

describe("crewdeck run --inputs-file (a batch)", () => {
  it("runs one isolated run per CSV row, at most --concurrency at once, and prints the results and total usage as JSON", async () => {
    replyPerTopic();
    const rows = write("rows.csv", "topic,tone\ncrabs,\nsnails,stormy\nkelp,\n");
    const events = join(dir, "batch-events.ndjson");
    const { code, stdout } = await cli(["--inputs-file", rows, "--concurrency", "2", "--json", "--events", events]);
    expect(code).toBe(EXIT.ok);
    const out = JSON.parse(stdout);
    expect(out.results.map((r: { row: number; status: string; raw: string }) => [r.row, r.status, r.raw])).toEqual([
      [1, "completed", "HAIKU(crabs)"],
      [2, "completed", "HAIKU(snails)"],
      [3, "completed", "HAIKU(kelp)"],
    ]);
    // An empty cell takes the crew's default; a filled one wins.
    expect(out.results.map((r: { inputs: Record<string, string> }) => r.inputs)).toEqual([
      { topic: "crabs", tone: "calm" },
      { topic: "snails", tone: "stormy" },
      { topic: "kelp", tone: "calm" },
    ]);
    expect(out.usage).toEqual({ promptTokens: 30, completionTokens: 12, totalTokens: 42, requests: 3, estimated: false });
    expect(server.chatRequests).toHaveLength(3);
    expect(server.maxInFlight).toBe(2);
    expect(server.chatRequests.map(topicOf).sort()).toEqual(["crabs", "kelp", "snails"]);
    // One event stream, three runs in it, each numbered on its own.
    const lines = readFileSync(events, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { runId: string; seq: number; type: string });
    const runIds = [...new Set(lines.map((e) => e.runId))];
    expect(runIds).toHaveLength(3);
    for (const id of runIds) {
      const mine = lines.filter((e) => e.runId === id);
      expect(mine.map((e) => e.seq)).toEqual(mine.map((_, i) => i + 1));
      expect(mine.at(-1)?.type).toBe("run.completed");
    }
  });

  it("reads a JSON array too, and without --json prints progress to stderr and a summary table to stdout", async () => {
    replyPerTopic();
    const rows = write("rows.json", JSON.stringify([{ topic: "owls" }, { topic: "moths" }]));
    const { code, stdout, stderr } = await cli(["--inputs-file", rows, "--concurrency", "1"]);
    expect(code).toBe(EXIT.ok);
    expect(server.maxInFlight).toBe(1);
    expect(stderr).toContain("▶ row 1/2 (tone=calm topic=owls)");
    expect(stderr).toMatch(/✓ row 2\/2 done · 14 tokens · [\d.]+ s: HAIKU\(moths\)/);
    const table = stdout.trim().split("\n");
    expect(table[0]).toMatch(/^row\s+status\s+tokens\s+time\s+output$/);
    expect(table[1]).toMatch(/^1\s+completed\s+14\s+[\d.]+ s\s+HAIKU\(owls\)$/);
    expect(table[2]).toMatch(/^2\s+completed\s+14\s+[\d.]+ s\s+HAIKU\(moths\)$/);
    expect(table[3]).toMatch(/^total: 2 rows \(2 completed\) · 28 tokens · 2 requests · [\d.]+ s$/);
  });

  it("names each bad column and row, and sends nothing", async () => {
    const badColumn = await cli(["--inputs-file", write("bad.csv", "topik\ncrabs\n")]);
    expect(badColumn.code).toBe(EXIT.invalid);
    expect(badColumn.stderr).toContain('column "topik" is not an input of this crew (its inputs: tone, topic)');
    const missing = await cli(["--inputs-file", write("missing.json", '[{"topic": "crabs"}, {"tone": "wry"}]')]);
    expect(missing.code).toBe(EXIT.invalid);
    expect(missing.stderr).toContain("row 2: no value for {topic}");
    const notFound = await cli(["--inputs-file", join(dir, "nope.csv")]);
    expect(notFound.stderr).toContain("nope.csv: no such file");
    expect(server.chatRequests).toHaveLength(0);
  });

  it("--input fills what the rows leave out; a failed row fails the batch (exit 2) while the others complete", async () => {
    server.script([
      { match: /about bad/, reply: { error: { status: 400, body: { error: { message: "refused" } } } } },
      { reply: (req) => ({ content: `HAIKU(${topicOf(req)})` }) },
    ]);
    const rows = write("mixed.csv", "topic\ngood\nbad\nfine\n");
    const { code, stdout } = await cli(["--inputs-file", rows, "--input", "tone=bright", "--json"]);
    expect(code).toBe(EXIT.failed);
    const out = JSON.parse(stdout);
    expect(out.results.map((r: { status: string }) => r.status)).toEqual(["completed", "failed", "completed"]);
    expect(out.results[1].error).toContain("refused");
    expect(out.results[0].inputs).toEqual({ tone: "bright", topic: "good" });
  });
});

describe("batch arguments", () => {
  it("takes --inputs-file and --concurrency, and refuses what cannot work", () => {
    expect(parseArgs(["run", "c.json", "--inputs-file", "rows.csv", "--concurrency", "3"])).toMatchObject({
      inputsFile: "rows.csv",
      concurrency: 3,
    });
    expect(parseArgs(["run", "c.json"])).toMatchObject({ concurrency: 2 });
    expect(() => parseArgs(["run", "c.json", "--inputs-file", "r.csv", "--concurrency", "0"])).toThrow(UsageError);
    expect(() => parseArgs(["run", "c.json", "--concurrency", "2"])).toThrow(/applies to a batch/);
    expect(() => parseArgs(["run", "c.json", "--inputs-file", "r.csv", "--interactive"])).toThrow(/cannot review the runs of a batch/);
  });
});
