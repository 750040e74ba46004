import { describe, expect, it } from "vitest";
import type { ChatRequest, ToolCall } from "./ports";
import { FORCE_FINAL } from "./prompts";
import { testCrew } from "./testing/harness";
import { ofType, rig } from "./testing/rig";

const call = (id: string, name: string, args: unknown): ToolCall => ({
  id,
  name,
  arguments: typeof args === "string" ? args : JSON.stringify(args),
});

/** One agent with the given stub tools (echo, add, fail, …) on one task. */
function toolCrew(tools: string[], agent: Record<string, unknown> = {}, tasks = 1) {
  return testCrew({
    tools: tools.map((name) => ({ name })),
    agents: [{ tools: tools.map((_, i) => `tool${i + 1}`), ...agent }],
    tasks: Array.from({ length: tasks }, () => ({})),
  });
}

describe("native tool calling", () => {
  it("executes tool calls and sends each result back as a tool message with its tool_call_id", async () => {
    const r = rig([
      { content: "Let me check.", toolCalls: [call("c1", "echo", { text: "hi" }), call("c2", "add", { a: 2, b: 3 })] },
      "The answer is 5",
    ]);
    const result = await r.run(toolCrew(["echo", "add"]));
    expect(result.status).toBe("completed");
    expect(result.raw).toBe("The answer is 5");
    expect(r.host.invocations).toEqual([
      { tool: "echo", args: { text: "hi" } },
      { tool: "add", args: { a: 2, b: 3 } },
    ]);
    const first = r.provider.calls[0] as ChatRequest;
    expect(first.tools?.map((t) => t.name)).toEqual(["echo", "add"]);
    const second = r.provider.calls[1]?.messages ?? [];
    expect(second.slice(-3)).toEqual([
      { role: "assistant", content: "Let me check.", toolCalls: [call("c1", "echo", { text: "hi" }), call("c2", "add", { a: 2, b: 3 })] },
      { role: "tool", toolCallId: "c1", content: "echo: hi" },
      { role: "tool", toolCallId: "c2", content: "5" },
    ]);
    const steps = ofType(result.events, "agent.step");
    expect(steps.map((s) => s.action?.tool)).toEqual(["echo", "add"]);
    expect(steps[0]).toMatchObject({ taskId: "t1", agentId: "a1", iteration: 1, thought: "Let me check." });
    const finished = ofType(result.events, "tool.finished");
    expect(finished.map((f) => [f.tool, f.output, f.cacheHit, f.repeated])).toEqual([
      ["echo", "echo: hi", false, false],
      ["add", "5", false, false],
    ]);
    expect(ofType(result.events, "tool.started").every((e) => e.taskId === "t1")).toBe(true);
  });

  it("repairs malformed argument JSON from the model", async () => {
    const r = rig([{ toolCalls: [call("c1", "add", "{'a': 4, 'b': 5,}")] }, "9"]);
    const result = await r.run(toolCrew(["add"]));
    expect(result.status).toBe("completed");
    expect(r.host.invocations).toEqual([{ tool: "add", args: { a: 4, b: 5 } }]);
  });

  it("does not run an identical repeated tool call again and tells the model so", async () => {
    const r = rig([
      { toolCalls: [call("c1", "echo", { text: "same" })] },
      { toolCalls: [call("c2", "echo", '{"text":  "same"}')] },
      "done",
    ]);
    const result = await r.run(toolCrew(["echo"]));
    expect(result.status).toBe("completed");
    expect(r.host.invocations).toHaveLength(1);
    const repeated = r.provider.calls[2]?.messages.at(-1);
    expect(repeated).toMatchObject({ role: "tool", toolCallId: "c2" });
    expect(repeated?.content).toContain("You already used echo with exactly this input");
    expect(repeated?.content).toContain("echo: same");
    expect(ofType(result.events, "tool.finished").map((f) => f.repeated)).toEqual([false, true]);
  });

  it("a failing tool becomes an 'Error: …' observation and the agent goes on; failures are not 'already used'", async () => {
    const r = rig([
      { toolCalls: [call("c1", "fail", { text: "x" })] },
      { toolCalls: [call("c2", "fail", { text: "x" })] },
      "gave up on the tool",
    ]);
    const result = await r.run(toolCrew(["fail"]));
    expect(result.status).toBe("completed");
    expect(result.raw).toBe("gave up on the tool");
    expect(r.host.invocations).toHaveLength(2);
    expect(r.provider.calls[1]?.messages.at(-1)).toEqual({ role: "tool", toolCallId: "c1", content: "Error: fail: the tool broke" });
    const finished = ofType(result.events, "tool.finished");
    expect(finished.map((f) => f.error)).toEqual(["fail: the tool broke", "fail: the tool broke"]);
  });

  it("an unknown tool name becomes an error observation listing the real tools", async () => {
    const r = rig([{ toolCalls: [call("c1", "search_web", { q: "x" })] }, "fine"]);
    const result = await r.run(toolCrew(["echo", "add"]));
    expect(result.status).toBe("completed");
    expect(r.host.invocations).toHaveLength(0);
    expect(r.provider.calls[1]?.messages.at(-1)?.content).toMatch(/^Error: there is no tool "search_web"\. Use one of: echo, add\./);
  });

  it("task tools replace the agent's tools", async () => {
    const r = rig(["ok"]);
    const crew = testCrew({
      tools: [{ name: "echo" }, { name: "add" }],
      agents: [{ tools: ["tool1"] }],
      tasks: [{ tools: ["tool2"] }],
    });
    await r.run(crew);
    expect(r.provider.calls[0]?.tools?.map((t) => t.name)).toEqual(["add"]);
  });

  it("gives two tools of the same kind distinct names", async () => {
    const r = rig([{ toolCalls: [call("c1", "echo_2", { text: "b" })] }, "ok"]);
    const crew = testCrew({ tools: [{ name: "echo" }, { name: "echo" }], agents: [{ tools: ["tool1", "tool2"] }], tasks: [{}] });
    await r.run(crew);
    expect(r.provider.calls[0]?.tools?.map((t) => t.name)).toEqual(["echo", "echo_2"]);
    expect(r.host.invocations).toEqual([{ tool: "echo", args: { text: "b" } }]);
  });
});

describe("maxIter", () => {
  it("asks once for a final answer at maxIter, and the loop ends even if the model keeps calling tools", async () => {
    let n = 0;
    const r = rig(() => ({ content: "", toolCalls: [call(`c${++n}`, "echo", { text: `try ${n}` })] }));
    const result = await r.run(toolCrew(["echo"], { maxIter: 3 }, 2));
    // 3 tool-calling iterations, then one forced request without tools; an empty answer fails the task (and the run).
    expect(result.status).toBe("failed");
    expect(result.error).toContain("gave no final answer after 3 steps");
    expect(r.provider.calls).toHaveLength(4);
    expect(r.host.invocations).toHaveLength(3);
    const forced = r.provider.calls[3] as ChatRequest;
    expect(forced.tools).toBeUndefined();
    expect(forced.messages.at(-1)).toEqual({ role: "user", content: FORCE_FINAL });
    expect(ofType(result.events, "agent.forced_final")).toEqual([expect.objectContaining({ taskId: "t1", agentId: "a1", iteration: 3 })]);
  });

  it("takes the forced answer when the model complies", async () => {
    const r = rig([{ toolCalls: [call("c1", "echo", { text: "a" })] }, { toolCalls: [call("c2", "echo", { text: "b" })] }, "best effort"]);
    const result = await r.run(toolCrew(["echo"], { maxIter: 2 }));
    expect(result.raw).toBe("best effort");
    expect(ofType(result.events, "agent.forced_final")).toHaveLength(1);
  });

  it("does not force a final answer when the agent answers within maxIter", async () => {
    const r = rig([{ toolCalls: [call("c1", "echo", { text: "a" })] }, "answer"]);
    const result = await r.run(toolCrew(["echo"], { maxIter: 2 }));
    expect(result.raw).toBe("answer");
    expect(ofType(result.events, "agent.forced_final")).toHaveLength(0);
    expect(r.provider.calls).toHaveLength(2);
  });
});
