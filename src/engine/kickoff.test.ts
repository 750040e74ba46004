import { describe, expect, it } from "vitest";
import type { Crew, Tool } from "../model";
import { CrewInvalidError, kickoff, kickoffForEach } from "./kickoff";
import type { ChatRequest, ToolCall } from "./ports";
import { StubToolHost, testCrew } from "./testing/harness";
import { rig, taskText } from "./testing/rig";

const call = (id: string, text: string): ToolCall => ({ id, name: "echo", arguments: JSON.stringify({ text }) });
const topicOf = (request: ChatRequest) => /About (\w+)/.exec(taskText(request))?.[1] ?? "?";

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** A tool host whose tools count their own calls in their config (so it mutates the crew it runs from). */
class CountingHost extends StubToolHost {
  override async invoke(tool: Tool, args: unknown): Promise<string> {
    await super.invoke(tool, args);
    tool.config.calls = Number(tool.config.calls ?? 0) + 1;
    return `calls so far: ${tool.config.calls}`;
  }
}

describe("kickoff", () => {
  it("never changes the crew it is given", async () => {
    const r = rig(["a", "b"]);
    const crew = deepFreeze(testCrew({ inputs: { topic: "x" }, tasks: [{ description: "About {topic}" }, {}] }));
    const result = await r.run(crew, { topic: "y" });
    expect(result.status).toBe("completed");
    expect(crew.tasks[0]?.description).toBe("About {topic}");
  });

  it("rejects a hierarchical crew whose manager has nobody to delegate to, before sending anything", async () => {
    const r = rig(["never"]);
    const crew = testCrew({ tasks: [{ agent: undefined }], settings: { managerAgent: "a1" } });
    await expect(r.run({ ...crew, process: "hierarchical" })).rejects.toThrow(/has nobody to delegate to/);
    expect(r.provider.calls).toHaveLength(0);
  });

  it("two concurrent kickoffs of different crews both complete, each with its own log", async () => {
    const a = rig((req) => ({ content: `A:${taskText(req).slice(6, 15)}`, delayMs: 10 }), { realDelays: true });
    const b = rig((req) => ({ content: `B:${taskText(req).slice(6, 15)}`, delayMs: 10 }), { realDelays: true });
    const [ra, rb] = await Promise.all([a.run(testCrew({ tasks: [{}, {}] })), b.run(testCrew({ tasks: [{}, {}, {}] }))]);
    expect(ra.status).toBe("completed");
    expect(rb.status).toBe("completed");
    expect(ra.tasks.map((t) => t.raw)).toEqual(["A:Do step 1", "A:Do step 2"]);
    expect(rb.tasks.map((t) => t.raw)).toEqual(["B:Do step 1", "B:Do step 2", "B:Do step 3"]);
    expect(ra.runId).not.toBe(rb.runId);
    expect(ra.events.every((e) => e.runId === ra.runId)).toBe(true);
    expect(rb.events.every((e) => e.runId === rb.runId)).toBe(true);
    expect(ra.events[0]?.seq).toBe(1);
    expect(rb.events[0]?.seq).toBe(1);
  });
});

describe("kickoffForEach", () => {
  const crewFor = (): Crew =>
    testCrew({
      tools: [{ name: "echo" }],
      agents: [{ tools: ["tool1"] }],
      tasks: [{ description: "About {topic}", outputFile: "{topic}.md" }],
    });

  it("runs isolated copies: results per input, tool state not shared, original crew unchanged", async () => {
    const script = (request: ChatRequest) =>
      request.messages.some((m) => m.role === "tool")
        ? { content: `${topicOf(request)}: ${request.messages.at(-1)?.content}`, usage: { promptTokens: 10, completionTokens: 5 } }
        : { toolCalls: [call(`c-${topicOf(request)}`, topicOf(request))], usage: { promptTokens: 10, completionTokens: 5 } };
    const r = rig(script, { kickoff: { host: new CountingHost() } });
    const crew = crewFor();
    const before = JSON.stringify(crew);
    const { results, usage } = await kickoffForEach(crew, [{ topic: "crabs" }, { topic: "snails" }, { topic: "kelp" }], {
      ...r.options,
      concurrency: 1,
    });
    expect(results.map((x) => x.status)).toEqual(["completed", "completed", "completed"]);
    // Each copy's tool starts from a clean config, so every run sees its first call.
    expect(results.map((x) => x.raw)).toEqual(["crabs: calls so far: 1", "snails: calls so far: 1", "kelp: calls so far: 1"]);
    expect(JSON.stringify(crew)).toBe(before);
    expect(crew.tools[0]?.config).toEqual({});
    expect(results.map((x) => x.files.list())).toEqual([["crabs.md"], ["snails.md"], ["kelp.md"]]);
    expect(new Set(results.map((x) => x.runId)).size).toBe(3);
    expect(usage).toEqual({ promptTokens: 60, completionTokens: 30, totalTokens: 90, requests: 6, estimated: false });
  });

  it("respects its concurrency and keeps results in input order", async () => {
    const r = rig((request) => ({ content: `done ${topicOf(request)}`, delayMs: 15 }), { realDelays: true });
    const crew = testCrew({ tasks: [{ description: "About {topic}" }] });
    const topics = ["a", "b", "c", "d", "e"];
    const { results, usage } = await kickoffForEach(
      crew,
      topics.map((topic) => ({ topic })),
      { ...r.options, concurrency: 2 },
    );
    expect(r.provider.maxInFlight).toBe(2);
    expect(results.map((x) => x.raw)).toEqual(topics.map((t) => `done ${t}`));
    expect(usage.requests).toBe(5);
    expect(usage.estimated).toBe(true);
  });

  it("checks every inputs set before starting any run", async () => {
    const r = rig(() => ({ content: "x", delayMs: 20 }), { realDelays: true });
    const crew = testCrew({ tasks: [{ description: "About {topic}" }] });
    const runs = kickoffForEach(crew, [{ topic: "a" }, {}, { topic: "c" }], { ...r.options, concurrency: 2 });
    await expect(runs).rejects.toBeInstanceOf(CrewInvalidError);
    await expect(runs).rejects.toThrow("{topic}");
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(r.provider.calls).toHaveLength(0);
  });

  it("a failing run does not stop the others", async () => {
    const r = rig((request) => (topicOf(request) === "bad" ? new Error("boom") : `ok ${topicOf(request)}`));
    const crew = testCrew({ tasks: [{ description: "About {topic}" }] });
    const { results } = await kickoffForEach(crew, [{ topic: "good" }, { topic: "bad" }, { topic: "fine" }], r.options);
    expect(results.map((x) => x.status)).toEqual(["completed", "failed", "completed"]);
  });
});

describe("kickoff result", () => {
  it("returns status, raw, tasks, usage, duration on the injected clock and the event log", async () => {
    const r = rig([{ content: "x", delayMs: 1_500 }]);
    const result = await kickoff(testCrew({ tasks: [{}] }), {}, r.options);
    expect(result).toMatchObject({ status: "completed", raw: "x", durationMs: 1_500 });
    expect(result.events.at(-1)).toMatchObject({ type: "run.completed", durationMs: 1_500 });
  });
});
