import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MockLlmServer } from "../../e2e/mockLlm/MockLlmServer";
import type { RecordedRequest } from "../../e2e/mockLlm/types";
import { type Crew, CrewSchema, serializeCrew } from "../model";
import { TEMPLATES } from "../model/templates";
import { EXIT, main } from "./main";
import { runCli } from "./testing/runCli";

let server: MockLlmServer;
const dir = mkdtempSync(join(tmpdir(), "crewdeck-cli-"));

beforeAll(async () => {
  server = await MockLlmServer.start();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

/** Writes a crew file and runs the CLI in-process, capturing its output. */
async function run(crew: Crew | string, args: string[] = [], env: Record<string, string> = {}) {
  const file = join(dir, `crew-${Math.random().toString(36).slice(2)}.crew.json`);
  writeFileSync(file, typeof crew === "string" ? crew : serializeCrew(crew));
  const argv =
    args[0] === "validate" ? ["validate", file, ...args.slice(1)] : ["run", file, "--base-url", server.url, "--model", "mock-1", ...args];
  return { ...(await runCli(argv, env)), file };
}

const lastUser = (req: RecordedRequest) => {
  const messages = req.body.messages ?? [];
  return String([...messages].reverse().find((m) => m.role === "user")?.content ?? "");
};

function crewOf(tasks: Partial<Crew["tasks"][number]>[], extra: Record<string, unknown> = {}): Crew {
  return CrewSchema.parse({
    format: "crewdeck.crew",
    version: 1,
    name: "CLI crew",
    agents: [{ id: "a1", role: "Analyst", goal: "Answer well", backstory: "Careful.", ...((extra.agent as object) ?? {}) }],
    tasks: tasks.map((t, i) => ({ id: `t${i + 1}`, description: `Step ${i + 1}`, expectedOutput: "Text", agent: "a1", ...t })),
    tools: extra.tools ?? [],
    settings: extra.settings ?? {},
  });
}

describe("crewdeck run against the mock server", () => {
  it("passes each task's output to the next in a 3-task sequential crew", async () => {
    server.script([
      { match: "Step 1", reply: { content: "ALPHA-OUTPUT" } },
      {
        match: (r) => lastUser(r).includes("Step 2"),
        reply: (r) => ({ content: lastUser(r).includes("ALPHA-OUTPUT") ? "BETA-OUTPUT" : "context missing" }),
      },
      {
        match: (r) => lastUser(r).includes("Step 3"),
        reply: (r) => ({ content: lastUser(r).includes("BETA-OUTPUT") ? "GAMMA-OUTPUT" : "context missing" }),
      },
    ]);
    const { code, stdout } = await run(crewOf([{}, {}, {}]), ["--json"]);
    expect(code).toBe(EXIT.ok);
    const out = JSON.parse(stdout);
    expect(out.raw).toBe("GAMMA-OUTPUT");
    expect(out.tasks.map((t: { raw: string }) => t.raw)).toEqual(["ALPHA-OUTPUT", "BETA-OUTPUT", "GAMMA-OUTPUT"]);
    expect(out.tasks[0]).toMatchObject({ id: "t1", agent: "a1" });
    expect(out.usage).toMatchObject({ requests: 3 });
    expect(out.usage.totalTokens).toBe(out.usage.promptTokens + out.usage.completionTokens);
    expect(typeof out.durationMs).toBe("number");
    expect(server.chatRequests).toHaveLength(3);
  });

  it("runs 5 async tasks at the same time", async () => {
    server.script([{ reply: { content: "done", latencyMs: 300 } }]);
    const tasks = Array.from({ length: 5 }, () => ({ async: true, context: [] as string[] }));
    const { code } = await run(crewOf([...tasks, { context: ["t1", "t2", "t3", "t4", "t5"] }]), ["--json"]);
    expect(code).toBe(EXIT.ok);
    expect(server.maxInFlight).toBe(5);
    expect(server.chatRequests).toHaveLength(6);
  });

  it("uses the calculator through native tool calls, and through the text protocol when tools are refused", async () => {
    const crew = crewOf([{ description: "What is the average of 34, 27 and 45?" }], {
      agent: { tools: ["calc"] },
      tools: [{ id: "calc", kind: "builtin", name: "calculator", description: "Arithmetic" }],
    });
    server.script([
      {
        match: (r) => (r.body.messages ?? []).some((m) => m.role === "tool"),
        reply: (r) => ({ content: `The average is ${String(r.body.messages?.at(-1)?.content)}` }),
      },
      { reply: { toolCalls: [{ name: "calculator", arguments: { expression: "(34+27+45)/3" } }] } },
    ]);
    const native = await run(crew, ["--json"]);
    expect(native.code).toBe(EXIT.ok);
    expect(JSON.parse(native.stdout).raw).toBe("The average is 35.3333333333");
    expect(server.chatRequests[0]?.body.tools).toHaveLength(1);

    server.reset();
    server.script([
      { match: (r) => Array.isArray(r.body.tools), reply: { rejectTools: true } },
      {
        match: (r) => lastUser(r).startsWith("Observation:"),
        reply: (r) => ({ content: `Thought: done\nFinal Answer: average ${lastUser(r).replace("Observation: ", "")}` }),
      },
      { reply: { content: 'Thought: compute it\nAction: calculator\nAction Input: {"expression": "(34+27+45)/3"}' } },
    ]);
    const text = await run(crew, ["--json"]);
    expect(text.code).toBe(EXIT.ok);
    expect(JSON.parse(text.stdout).raw).toBe("average 35.3333333333");
    const system = String(server.chatRequests.at(-1)?.body.messages?.[0]?.content);
    expect(system).toContain("Action Input:");
    expect(server.chatRequests.at(-1)?.body.tools).toBeUndefined();
  });

  it("writes the event stream as NDJSON and prints progress without --json", async () => {
    server.script([{ reply: { content: "ok" } }]);
    const events = join(dir, "events.ndjson");
    const { code, stdout, stderr } = await run(crewOf([{ name: "Only task" }]), ["--events", events], {
      OPENAI_API_KEY: "sk-test-secret-key-1234567890",
    });
    expect(code).toBe(EXIT.ok);
    expect(stdout.trim()).toBe("ok");
    expect(stderr).toContain("✓ Only task");
    const lines = readFileSync(events, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines[0].type).toBe("run.started");
    expect(lines.at(-1).type).toBe("run.completed");
    expect(lines.map((e: { seq: number }) => e.seq)).toEqual(lines.map((_: unknown, i: number) => i + 1));
    expect(readFileSync(events, "utf8")).not.toContain("sk-test-secret");
    expect(server.chatRequests[0]?.headers.authorization).toBe("Bearer sk-test-secret-key-1234567890");
  });

  it("exits 2 when the run fails and 1 for a missing input, before any request", async () => {
    server.script([{ reply: { error: { status: 401, body: { error: { message: "bad key" } } } } }]);
    const failed = await run(crewOf([{}]), ["--json"]);
    expect(failed.code).toBe(EXIT.failed);
    expect(JSON.parse(failed.stdout).error).toContain("bad key");

    server.reset();
    const missing = await run(crewOf([{ description: "About {topic}" }]));
    expect(missing.code).toBe(EXIT.invalid);
    expect(missing.stderr).toContain("{topic}");
    expect(server.chatRequests).toHaveLength(0);
    const given = await run(crewOf([{ description: "About {topic}" }]), ["--input", "topic=bees", "--json"]);
    expect(given.code).toBe(EXIT.ok);
    expect(lastUser(server.chatRequests[0] as RecordedRequest)).toContain("About bees");
  });

  it("exits 130 when interrupted and sends nothing more", async () => {
    server.script([{ reply: { content: "slow", latencyMs: 5000 } }]);
    const file = join(dir, "slow.crew.json");
    writeFileSync(file, serializeCrew(crewOf([{}, {}])));
    let interrupt: () => void = () => undefined;
    const interrupted = new Promise<void>((resolve) => {
      interrupt = resolve;
    });
    const pending = main(["run", file, "--base-url", server.url, "--model", "m"], {
      stdout: () => undefined,
      stderr: () => undefined,
      env: {},
      interrupted,
    });
    await new Promise((r) => setTimeout(r, 200));
    interrupt();
    expect(await pending).toBe(EXIT.cancelled);
    expect(server.chatRequests).toHaveLength(1);
  });
});

describe("crewdeck validate", () => {
  it("prints each problem with its path and exits 1; exits 0 for a valid crew", async () => {
    const bad = crewOf([{ agent: undefined, description: "" }]);
    const result = await run(bad, ["validate"]);
    expect(result.code).toBe(EXIT.invalid);
    expect(result.stdout).toContain("$.tasks[0].description");
    expect(result.stdout).toContain("$.tasks[0].agent");
    const broken = await run('{"format": "crewdeck.crew", "version": 1, "name": 3}', ["validate"]);
    expect(broken.code).toBe(EXIT.invalid);
    expect(broken.stderr).toContain("$.name");
    expect((await run(crewOf([{}]), ["validate"])).code).toBe(EXIT.ok);
  });
});

describe("every template runs end to end", () => {
  it.each(TEMPLATES.map((t) => [t.id, t.crew] as const))("%s", async (_id, crew) => {
    server.script([
      { matchAny: /You check whether a text meets a rule/, reply: { content: '{"pass": true, "reason": "meets the rule"}' } },
      { matchAny: /JSON Schema/, reply: { content: '{"average": 35.83, "count": 6, "working": "215 / 6"}' } },
      { reply: { content: "Mock answer for this task." } },
    ]);
    const { code, stdout, stderr } = await run(crew, ["--json"]);
    expect(code, stderr).toBe(EXIT.ok);
    const out = JSON.parse(stdout);
    expect(out.tasks).toHaveLength(crew.tasks.length);
    if (crew.process === "environment") expect(out.raw).toMatch(/^\[round 1\]/);
    for (const task of crew.tasks.filter((t) => t.outputFile)) expect(Object.keys(out.files)).toContain(task.outputFile);
  });
});

describe("crewdeck run --interactive", () => {
  it("asks for review of humanInput tasks and sends feedback back to the agent until approved", async () => {
    server.script([{ match: /shorter please/, reply: { content: "Short draft." } }, { reply: { content: "A very long first draft." } }]);
    const file = join(dir, "review.crew.json");
    writeFileSync(file, serializeCrew(crewOf([{ humanInput: true }])));
    const answers = ["shorter please", ""];
    const asked: string[] = [];
    let stdout = "";
    const code = await main(["run", file, "--base-url", server.url, "--model", "m", "--interactive"], {
      stdout: (t) => {
        stdout += t;
      },
      stderr: (t) => {
        asked.push(t);
      },
      env: {},
      ask: async () => answers.shift() ?? "",
    });
    expect(code).toBe(EXIT.ok);
    expect(stdout.trim()).toBe("Short draft.");
    expect(server.chatRequests).toHaveLength(2);
    expect(lastUser(server.chatRequests[1] as RecordedRequest)).toContain("A very long first draft.");
    expect(asked.join("")).toContain("A very long first draft.");
  });
});
