import { describe, expect, it } from "vitest";
import type { ToolCall } from "./ports";
import { testCrew } from "./testing/harness";
import { ofType, rig } from "./testing/rig";

const call = (id: string, name: string, args: Record<string, unknown>): ToolCall => ({ id, name, arguments: JSON.stringify(args) });

/** Two tasks by two agents sharing the same tool, each calling it once with `args`. */
function twoTasks(cache: boolean, tool = "echo") {
  return testCrew({
    settings: { cache },
    tools: [{ name: tool }],
    agents: [{ tools: ["tool1"] }, { tools: ["tool1"] }],
    tasks: [{ agent: "a1" }, { agent: "a2" }],
  });
}

describe("tool cache", () => {
  it("serves a second identical call in a later task from the cache (key order does not matter)", async () => {
    const r = rig([
      { toolCalls: [call("c1", "add", { a: 1, b: 2 })] },
      "three",
      { toolCalls: [call("c2", "add", { b: 2, a: 1 })] },
      "still three",
    ]);
    const result = await r.run(twoTasks(true, "add"));
    expect(result.status).toBe("completed");
    expect(r.host.invocations).toHaveLength(1);
    const finished = ofType(result.events, "tool.finished");
    expect(finished.map((f) => [f.output, f.cacheHit, f.repeated])).toEqual([
      ["3", false, false],
      ["3", true, false],
    ]);
    expect(r.provider.calls[3]?.messages.at(-1)).toEqual({ role: "tool", toolCallId: "c2", content: "3" });
  });

  it("runs the tool again when settings.cache is false", async () => {
    const r = rig([{ toolCalls: [call("c1", "echo", { text: "x" })] }, "one", { toolCalls: [call("c2", "echo", { text: "x" })] }, "two"]);
    const result = await r.run(twoTasks(false));
    expect(result.status).toBe("completed");
    expect(r.host.invocations).toHaveLength(2);
    expect(ofType(result.events, "tool.finished").map((f) => f.cacheHit)).toEqual([false, false]);
  });

  it("different arguments are different cache entries", async () => {
    const r = rig([{ toolCalls: [call("c1", "echo", { text: "x" })] }, "one", { toolCalls: [call("c2", "echo", { text: "y" })] }, "two"]);
    const result = await r.run(twoTasks(true));
    expect(r.host.invocations).toHaveLength(2);
    expect(ofType(result.events, "tool.finished").map((f) => f.cacheHit)).toEqual([false, false]);
  });

  it("never caches failures", async () => {
    const r = rig([{ toolCalls: [call("c1", "fail", { text: "x" })] }, "one", { toolCalls: [call("c2", "fail", { text: "x" })] }, "two"]);
    const result = await r.run(twoTasks(true, "fail"));
    expect(result.status).toBe("completed");
    expect(r.host.invocations).toHaveLength(2);
    const finished = ofType(result.events, "tool.finished");
    expect(finished.map((f) => [f.cacheHit, f.error])).toEqual([
      [false, "fail: the tool broke"],
      [false, "fail: the tool broke"],
    ]);
  });

  it("a cache hit inside the same task still counts as already used for a repeat", async () => {
    const r = rig([
      { toolCalls: [call("c1", "echo", { text: "x" })] },
      "one",
      { toolCalls: [call("c2", "echo", { text: "x" })] },
      { toolCalls: [call("c3", "echo", { text: "x" })] },
      "two",
    ]);
    const result = await r.run(twoTasks(true));
    expect(r.host.invocations).toHaveLength(1);
    expect(ofType(result.events, "tool.finished").map((f) => [f.cacheHit, f.repeated])).toEqual([
      [false, false],
      [true, false],
      [false, true],
    ]);
  });

  it("the cache lives for one run only", async () => {
    const r = rig([{ toolCalls: [call("c1", "echo", { text: "x" })] }, "one", { toolCalls: [call("c2", "echo", { text: "x" })] }, "two"]);
    const crew = testCrew({ tools: [{ name: "echo" }], agents: [{ tools: ["tool1"] }], tasks: [{}] });
    await r.run(crew);
    await r.run(crew);
    expect(r.host.invocations).toHaveLength(2);
  });
});
