import { describe, expect, it } from "vitest";
import { type CrewResult, type KickoffOptions, kickoff } from "../../engine";
import { type ChatRequest, type HumanInput, LlmError, type ToolCall } from "../../engine/ports";
import { idSource, memoryFiles, StubToolHost, testCrew, VirtualClock } from "../../engine/testing/harness";
// biome-ignore lint/style/noRestrictedImports: tests drive the real engine with the scripted provider; the console itself never imports adapters
import { type Script, ScriptedProvider } from "../../llm";
import type { Crew } from "../../model";
import { filterRows, groupRows } from "./consoleBlocks";
import { buildConsole, ConsoleBuilder } from "./consoleRows";
import { CONSOLE_KINDS, type ConsoleKind, type ConsoleRow, type LineRow, type LlmRow, type ToolRow } from "./consoleTypes";

async function run(crew: Crew, script: Script, extra: Partial<KickoffOptions> = {}): Promise<CrewResult> {
  const clock = new VirtualClock();
  const provider = new ScriptedProvider(script, { sleep: clock.sleep, tokenChunks: 50 });
  const options: KickoffOptions = {
    resolveLlm: () => ({ provider, model: "test-model" }),
    host: new StubToolHost(),
    files: memoryFiles,
    clock,
    newId: idSource(),
    ...extra,
  };
  return kickoff(crew, {}, options);
}

const call = (id: string, name: string, args: unknown): ToolCall => ({ id, name, arguments: JSON.stringify(args) });
const hasToolResult = (request: ChatRequest) => request.messages.some((m) => m.role === "tool");
const llmRows = (rows: readonly ConsoleRow[]) => rows.filter((r): r is LlmRow => r.type === "llm");
const toolRows = (rows: readonly ConsoleRow[]) => rows.filter((r): r is ToolRow => r.type === "tool");
const lines = (rows: readonly ConsoleRow[]) => rows.filter((r): r is LineRow => r.type === "line").map((r) => r.text);
const all = new Set<ConsoleKind>(CONSOLE_KINDS);

const toolCrew = () =>
  testCrew({
    tools: [{ name: "echo" }],
    agents: [{ tools: ["tool1"] }, { id: "a2", role: "Writer" }],
    tasks: [{ outputFile: "notes.md" }, { agent: "a2" }],
  });
const toolScript: Script = (request) => {
  if (/Do step 2/.test(request.messages.find((m) => m.role === "user")?.content ?? "")) return "## Summary\n\nAll **good**.";
  return hasToolResult(request)
    ? { content: "Found it: echo said hi, and that settles the question at length.", usage: { promptTokens: 40, completionTokens: 12 } }
    : { toolCalls: [call("c1", "echo", { text: "hi" })], usage: { promptTokens: 30, completionTokens: 5 } };
};

describe("buildConsole on a real run", () => {
  it("merges each model call's request, tokens and response into one row, and each tool call into one", async () => {
    const result = await run(toolCrew(), toolScript);
    const tokens = result.events.filter((e) => e.type === "llm.token").length;
    expect(tokens).toBeGreaterThan(20);
    const model = buildConsole(result.events);
    const calls = llmRows(model.rows);
    expect(calls).toHaveLength(new Set(result.events.flatMap((e) => (e.type === "llm.request" ? [e.callId] : []))).size);
    expect(calls).toHaveLength(3);
    expect(model.rows.length).toBeLessThan(tokens);
    const [first, second, third] = calls;
    expect(first).toMatchObject({ taskId: "t1", agentId: "a1", model: "test-model", provider: "scripted", state: "done", attempts: 1 });
    expect(first?.toolCalls).toEqual([{ name: "echo", arguments: '{"text":"hi"}' }]);
    expect(first?.usage).toEqual({ promptTokens: 30, completionTokens: 5, estimated: false });
    expect(second?.content).toBe("Found it: echo said hi, and that settles the question at length.");
    expect(third).toMatchObject({ taskId: "t2", agentId: "a2", content: "## Summary\n\nAll **good**." });
    expect(third?.usage?.estimated).toBe(true);
    expect(toolRows(model.rows)).toEqual([
      expect.objectContaining({
        tool: "echo",
        input: { text: "hi" },
        output: "echo: hi",
        error: null,
        state: "done",
        taskId: "t1",
        agentId: "a1",
      }),
    ]);
  });

  it("keeps each request's new messages and where they start in the conversation", async () => {
    const result = await run(toolCrew(), toolScript);
    const [first, second, third] = llmRows(buildConsole(result.events).rows);
    expect(first?.promptFrom).toBe(0);
    expect(first?.prompt.map((m) => m.role)).toEqual(["system", "user"]);
    expect(first?.prompt[1]?.content).toContain("Do step 1");
    // The second call of the conversation only adds the assistant's tool call and the tool's answer.
    expect(second).toMatchObject({ promptFrom: 2, messages: 4 });
    expect(second?.prompt).toEqual([
      expect.objectContaining({ role: "assistant", toolCalls: [call("c1", "echo", { text: "hi" })] }),
      expect.objectContaining({ role: "tool", content: "echo: hi", toolCallId: "c1" }),
    ]);
    expect(third).toMatchObject({ promptFrom: 0, messages: 2 });
    expect(third?.prompt[1]?.content).toContain("Do step 2");
  });

  it("groups rows into task sections in run order, with a header, a footer and the task outputs", async () => {
    const result = await run(toolCrew(), toolScript);
    const model = buildConsole(result.events);
    expect(model.header).toMatchObject({ crew: "Test crew", process: "sequential", tasks: ["t1", "t2"] });
    expect(model.footer).toMatchObject({ status: "completed", usage: result.usage, message: null });
    expect([...model.sections.values()].map((s) => [s.taskId, s.agentId, s.state])).toEqual([
      ["t1", "a1", "completed"],
      ["t2", "a2", "completed"],
    ]);
    expect(model.taskIds).toEqual(["t1", "t2"]);
    expect(model.agentIds).toEqual(["a1", "a2"]);
    const blocks = groupRows(model.rows, model.sections);
    expect(blocks.map((b) => (b.type === "section" ? b.section.taskId : b.row.type))).toEqual(["t1", "t2"]);
    const t1 = blocks[0]?.type === "section" ? blocks[0].rows : [];
    expect(t1.map((r) => r.type)).toEqual(["line", "llm", "line", "tool", "llm", "line", "output"]);
    expect(lines(t1)).toEqual(["Started", "Step 1 → echo", "Wrote notes.md (64 bytes)"]);
    expect(t1.at(-1)).toMatchObject({
      type: "output",
      output: { raw: "Found it: echo said hi, and that settles the question at length." },
    });
  });

  it("keeps one row per call across retries and shows the retry as a line", async () => {
    let calls = 0;
    const flaky: Script = () => (++calls === 1 ? new LlmError("rate_limit", "HTTP 429: slow down", { retryAfterMs: 1500 }) : "fine");
    const result = await run(testCrew({ tasks: [{}] }), flaky);
    const model = buildConsole(result.events);
    expect(llmRows(model.rows)).toEqual([expect.objectContaining({ attempts: 2, state: "done", content: "fine", promptFrom: 0 })]);
    // The retry logs no messages of its own (the first attempt did): the row keeps the request it sent.
    expect(llmRows(model.rows)[0]?.prompt.map((m) => m.role)).toEqual(["system", "user"]);
    expect(lines(model.rows)).toContain("Model call failed (attempt 1), retrying in 1.5 s");
    const retry = model.rows.find((r) => r.type === "line" && r.text.startsWith("Model call failed"));
    expect(retry).toMatchObject({ kind: "llm", tone: "warn", detail: "HTTP 429: slow down", taskId: "t1" });
  });

  it("marks tool errors, repeated calls and cache hits", async () => {
    const crew = testCrew({ tools: [{ name: "echo" }, { name: "fail" }], agents: [{ tools: ["tool1", "tool2"] }], tasks: [{}, {}] });
    crew.settings = { ...crew.settings, cache: true };
    let turn = 0;
    const script: Script = (request) => {
      const step = /Do step (\d)/.exec(request.messages.find((m) => m.role === "user")?.content ?? "")?.[1];
      if (step === "2") return hasToolResult(request) ? "second done" : { toolCalls: [call("d1", "echo", { text: "same" })] };
      turn++;
      if (turn === 1) return { toolCalls: [call("c1", "fail", { text: "x" }), call("c2", "echo", { text: "same" })] };
      if (turn === 2) return { toolCalls: [call("c3", "echo", { text: "same" })] };
      return "first done";
    };
    const result = await run(crew, script);
    expect(result.status).toBe("completed");
    const tools = toolRows(buildConsole(result.events).rows);
    expect(tools.map((t) => [t.tool, t.error !== null, t.repeated, t.cacheHit, t.taskId])).toEqual([
      ["fail", true, false, false, "t1"],
      ["echo", false, false, false, "t1"],
      ["echo", false, true, false, "t1"],
      ["echo", false, false, true, "t2"],
    ]);
    expect(tools[0]?.error).toBe("fail: the tool broke");
  });

  it("shows guardrail verdicts, invalid outputs, human review and attempts as lines in their task", async () => {
    const schema = { type: "object", properties: { n: { type: "number" } }, required: ["n"] };
    const crew = testCrew({ tasks: [{ outputSchema: schema }, { guardrail: { rule: "Be brief", maxRetries: 2 }, humanInput: true }] });
    let answers = 0;
    const script: Script = (request) => {
      if (request.responseFormat?.name === "guardrail_verdict") return '{"pass": true, "reason": "brief enough"}';
      return ++answers === 1 ? '{"n": "one"}' : answers === 2 ? '{"n": 1}' : "short";
    };
    const human: HumanInput = { review: async () => ({ approved: true }) };
    const result = await run(crew, script, { human });
    expect(result.status).toBe("completed");
    const model = buildConsole(result.events);
    expect(lines(model.rows)).toEqual([
      "Started",
      "Output did not match its schema (attempt 1)",
      "Attempt 2 started",
      "Started",
      "Guardrail passed (attempt 1)",
      "Waiting for human review",
      "Approved by the reviewer",
    ]);
    expect(model.sections.size).toBe(2);
    expect(model.rows.find((r) => r.type === "line" && r.text.startsWith("Guardrail"))).toMatchObject({
      tone: "ok",
      detail: "brief enough",
    });
  });

  it("ends a failed run with stopped calls, a failed section and the error in the footer", async () => {
    const result = await run(testCrew({ tasks: [{}, {}] }), () => new LlmError("client", "HTTP 401: bad key"));
    expect(result.status).toBe("failed");
    const model = buildConsole(result.events);
    expect(llmRows(model.rows)).toEqual([expect.objectContaining({ state: "stopped", taskId: "t1" })]);
    expect([...model.sections.values()].map((s) => s.state)).toEqual(["failed"]);
    expect(lines(model.rows)).toContain("Failed: HTTP 401: bad key");
    expect(model.footer).toMatchObject({ status: "failed", message: "HTTP 401: bad key" });
  });

  it("shows rounds and published messages of an environment crew at run level, with a section per turn", async () => {
    const crew = testCrew({
      agents: [
        { id: "a1", watch: ["a2"] },
        { id: "a2", watch: ["a1"] },
      ],
      tasks: [{ agent: "a1" }, { agent: "a2" }],
      settings: { maxRounds: 3 },
    });
    crew.process = "environment";
    const result = await run(crew, () => "said");
    const model = buildConsole(result.events, crew);
    expect(model.rows.filter((r) => r.section === null).map((r) => (r.type === "line" ? r.text : r.type))).toEqual([
      "Opening message",
      "Round 1 · Role 1",
      "Role 1 · round 1 · reacting to the user",
      "Round 2 · Role 2",
      "Role 2 · round 2 · reacting to Role 1",
      "Round 3 · Role 1",
      "Role 1 · round 3 · reacting to Role 2",
    ]);
    expect(model.rows.filter((r) => r.type === "line" && r.heading).map((r) => r.key)).toHaveLength(3);
    // Without the crew the console names agents by id; the reactions come from the log.
    const bare = buildConsole(result.events);
    expect(bare.rows.find((r) => r.type === "line" && r.text.startsWith("a2"))).toMatchObject({ text: "a2 · round 2 · reacting to a1" });
    expect([...model.sections.values()].map((s) => s.key)).toEqual(["t1#1", "t2#1", "t1#2"]);
    const published = model.rows.find((r) => r.type === "line" && r.text.startsWith("Role 2 ·"));
    expect(published).toMatchObject({ kind: "other", agentId: "a2", detail: "said", markdown: true });
  });
});

describe("filters and grouping", () => {
  it("filters by task, agent and kind", async () => {
    const model = buildConsole((await run(toolCrew(), toolScript)).events);
    const pick = (filter: Partial<Parameters<typeof filterRows>[1]>) =>
      filterRows(model.rows, { taskId: null, agentId: null, kinds: all, ...filter });
    expect(pick({})).toHaveLength(model.rows.length);
    expect(pick({ taskId: "t2" }).every((r) => r.taskId === "t2")).toBe(true);
    expect(pick({ agentId: "a2" }).map((r) => r.type)).toEqual(["line", "llm", "output"]);
    expect(pick({ kinds: new Set<ConsoleKind>(["tool"]) }).map((r) => r.type)).toEqual(["tool"]);
    expect(pick({ kinds: new Set<ConsoleKind>(["llm"]), taskId: "t1" })).toHaveLength(2);
    expect(pick({ kinds: new Set<ConsoleKind>() })).toEqual([]);
  });

  it("keeps sections of interleaved parallel tasks together", async () => {
    const crew = testCrew({ tasks: [{ async: true }, { async: true }, { context: ["t1", "t2"] }] });
    const clock = new VirtualClock();
    const provider = new ScriptedProvider(() => ({ content: "ok", delayMs: 5 }), { sleep: (ms) => new Promise((r) => setTimeout(r, ms)) });
    const result = await kickoff(
      crew,
      {},
      { resolveLlm: () => ({ provider, model: "m" }), host: new StubToolHost(), files: memoryFiles, clock, newId: idSource() },
    );
    const t1Request = result.events.findIndex((e) => e.type === "llm.request" && e.taskId === "t1");
    const t2Start = result.events.findIndex((e) => e.type === "task.started" && e.taskId === "t2");
    const t1Done = result.events.findIndex((e) => e.type === "task.completed" && e.taskId === "t1");
    expect(t2Start).toBeLessThan(t1Done);
    expect(t1Request).toBeGreaterThan(-1);
    const model = buildConsole(result.events);
    const blocks = groupRows(model.rows, model.sections);
    expect(blocks.map((b) => (b.type === "section" ? `${b.section.taskId}:${b.rows.length}` : "row"))).toEqual(["t1:3", "t2:3", "t3:3"]);
  });
});

describe("ConsoleBuilder", () => {
  it("folds a live log incrementally to the same rows, keeping the identity of rows that did not change", async () => {
    const { events } = await run(toolCrew(), toolScript);
    const builder = new ConsoleBuilder();
    let before = builder.snapshot();
    for (const event of events) {
      builder.add(event);
      const after = builder.snapshot();
      if (event.type === "llm.token") {
        const changed = after.rows.filter((row, i) => row !== before.rows[i]);
        expect(changed.map((r) => r.key)).toEqual([`llm:${event.callId}`]);
      }
      before = after;
    }
    expect(before).toEqual(buildConsole(events));
    expect(before.events).toBe(events.length);
  });
});
