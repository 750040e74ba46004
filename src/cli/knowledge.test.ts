import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MockLlmServer } from "../../e2e/mockLlm/MockLlmServer";
import type { RecordedRequest } from "../../e2e/mockLlm/types";
import { minimalPdf } from "../memory/knowledge/testing/minimalPdf";
import { type Crew, CrewSchema, serializeCrew } from "../model";
import { parseArgs } from "./args";
import { EXIT } from "./main";
import { runCli } from "./testing/runCli";

let server: MockLlmServer;
const dir = mkdtempSync(join(tmpdir(), "crewdeck-knowledge-"));

beforeAll(async () => {
  server = await MockLlmServer.start();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const prompt = (r: RecordedRequest | undefined) => (r?.body.messages ?? []).map((m) => String(m.content)).join("\n");

function crew(extra: Record<string, unknown> = {}): Crew {
  return CrewSchema.parse({
    format: "crewdeck.crew",
    version: 1,
    name: "Harbour crew",
    agents: [
      { id: "guide", role: "Harbour guide", goal: "Answer visitors", backstory: "Knows the port.", tools: extra.tools ? ["kb"] : [] },
    ],
    tasks: [{ id: "t1", description: "When does the ferry to Vila Nova leave on Sundays?", expectedOutput: "A time", agent: "guide" }],
    tools: extra.tools ?? [],
  });
}

async function run(c: Crew, args: string[]) {
  const file = join(dir, `crew-${Math.random().toString(36).slice(2)}.crew.json`);
  writeFileSync(file, serializeCrew(c));
  return runCli(["run", file, "--base-url", server.url, "--model", "mock-1", ...args]);
}

const file = (name: string, data: string | Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, data);
  return path;
};

describe("crewdeck run --knowledge", () => {
  it("adds the best passages of the files, with their file names, to the task's prompt", async () => {
    server.script([{ reply: { content: "At 10:40 [ferries.pdf]" } }]);
    const notes = file("notes.md", "# Museum\n\nThe maritime museum opens at 10 and closes at 18, except on Mondays.");
    const pdf = file("ferries.pdf", minimalPdf([["Sunday timetable", "The ferry to Vila Nova leaves at 10:40 on Sundays."]]));
    const { code, stdout, stderr } = await run(crew(), ["--knowledge", notes, `--knowledge=${pdf}`]);
    expect(code).toBe(EXIT.ok);
    expect(stdout).toContain("At 10:40");
    expect(stderr).toContain("knowledge: 2 files, 2 chunks");
    const sent = prompt(server.chatRequests[0]);
    expect(sent).toContain("[ferries.pdf] Sunday timetable\nThe ferry to Vila Nova leaves at 10:40 on Sundays.");
  });

  it("lets the agent search the files with the search_knowledge tool", async () => {
    server.script([
      { matchAny: "Passages found", reply: { content: "Closed on Mondays." } },
      { reply: { toolCalls: [{ name: "search_knowledge", arguments: { query: "museum Mondays" } }] } },
    ]);
    const notes = file("museum.txt", "The maritime museum opens at 10 and closes at 18, except on Mondays.");
    const tools = [{ id: "kb", kind: "builtin", name: "search_knowledge", description: "", config: {} }];
    const c = crew({ tools });
    c.settings.knowledgeLimit = 0;
    const { code, stdout } = await run(c, ["--knowledge", notes, "--json"]);
    expect(code).toBe(EXIT.ok);
    expect(JSON.parse(stdout).raw).toBe("Closed on Mondays.");
    expect(prompt(server.chatRequests[0])).not.toContain("museum.txt");
    expect(prompt(server.chatRequests[1])).toContain("1. [museum.txt]\nThe maritime museum opens at 10");
  });

  it("refuses a file type it cannot read, a missing file and a broken file before sending anything", async () => {
    for (const [path, message] of [
      [file("slides.pptx", "x"), /--knowledge .*slides\.pptx: crewdeck reads \.txt, \.md, \.csv, \.json and \.pdf files/],
      [join(dir, "missing.md"), /--knowledge .*missing\.md: cannot read the file \(ENOENT\)/],
      [file("broken.json", "{oops"), /--knowledge .*broken\.json: not valid JSON/],
    ] as const) {
      const { code, stderr } = await run(crew(), ["--knowledge", path]);
      expect(code).toBe(EXIT.invalid);
      expect(stderr).toMatch(message);
    }
    expect(server.chatRequests).toHaveLength(0);
  });

  it("collects repeated --knowledge options", () => {
    expect(parseArgs(["run", "c.json", "--knowledge", "a.md", "--knowledge=b.pdf"])).toMatchObject({ knowledge: ["a.md", "b.pdf"] });
    expect(parseArgs(["run", "c.json"])).toMatchObject({ knowledge: [] });
  });
});
