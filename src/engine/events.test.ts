import { describe, expect, it } from "vitest";
import { EventLog, type RunEvent } from "./events";
import { LlmError, type ToolCall } from "./ports";
import { testCrew } from "./testing/harness";
import { rig } from "./testing/rig";

const call = (id: string): ToolCall => ({ id, name: "echo", arguments: '{"text":"x"}' });

function checkLog(events: readonly RunEvent[], runId: string) {
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  for (const event of events) {
    expect(event.runId).toBe(runId);
    expect(typeof event.ts).toBe("number");
    if (event.type.startsWith("task.")) expect(typeof (event as { taskId?: unknown }).taskId).toBe("string");
  }
  const ts = events.map((e) => e.ts);
  expect(ts).toEqual([...ts].sort((a, b) => a - b));
}

describe("run events", () => {
  it("numbers events from 1 per run, stamps runId and ts, and task events carry taskId", async () => {
    const r = rig(
      [
        { toolCalls: [call("c1")] },
        "one",
        { content: "two", delayMs: 10 },
        { content: "three", delayMs: 5 },
        new LlmError("server", "HTTP 503"),
        "four",
      ],
      { kickoff: { random: () => 1 } },
    );
    const crew = testCrew({
      tools: [{ name: "echo" }],
      agents: [{ tools: ["tool1"] }, {}],
      tasks: [{ agent: "a1" }, { agent: "a2", async: true }, { agent: "a2", async: true }, { agent: "a2" }],
    });
    const seen: RunEvent[] = [];
    r.options.onEvent = (e) => seen.push(e);
    const result = await r.run(crew);
    expect(result.status).toBe("completed");
    checkLog(result.events, result.runId);
    expect(seen).toEqual(result.events);
    const types = new Set(result.events.map((e) => e.type));
    for (const t of [
      "run.started",
      "task.queued",
      "task.started",
      "llm.request",
      "llm.token",
      "llm.response",
      "llm.retry",
      "tool.started",
      "tool.finished",
      "agent.step",
      "task.completed",
      "run.completed",
    ])
      expect(types).toContain(t);
    expect(result.events[0]?.type).toBe("run.started");
    expect(result.events.at(-1)?.type).toBe("run.completed");
    expect(result.events.filter((e) => e.type === "task.queued").map((e) => e.parentId)).toEqual(["t1", "t2", "t3", "t4"]);
  });

  it("a second run starts again at seq 1 with its own runId; failed runs keep the same guarantees", async () => {
    const r = rig(["a", new LlmError("client", "HTTP 400")]);
    const crew = testCrew({ tasks: [{}] });
    const first = await r.run(crew);
    const second = await r.run(crew);
    expect(second.status).toBe("failed");
    expect(first.runId).not.toBe(second.runId);
    checkLog(first.events, first.runId);
    checkLog(second.events, second.runId);
    expect(second.events.at(-1)).toMatchObject({ type: "run.failed", seq: second.events.length });
    expect(second.events.find((e) => e.type === "task.failed")).toMatchObject({ taskId: "t1" });
  });

  it("streams tokens that join back to the response", async () => {
    const r = rig(["a streamed answer"]);
    const result = await r.run(testCrew({ tasks: [{}] }));
    const tokens = result.events.filter((e) => e.type === "llm.token");
    expect(tokens.length).toBeGreaterThan(1);
    expect(tokens.map((e) => (e.type === "llm.token" ? e.text : "")).join("")).toBe("a streamed answer");
  });

  it("a listener that throws does not break the run", async () => {
    const r = rig(["fine"]);
    r.options.onEvent = () => {
      throw new Error("broken UI");
    };
    const result = await r.run(testCrew({ tasks: [{}] }));
    expect(result.status).toBe("completed");
  });

  it("EventLog can skip keeping events while still notifying listeners", () => {
    const got: number[] = [];
    const log = new EventLog("r1", () => 5, [(e) => got.push(e.seq)], false);
    log.emit({ type: "task.queued", taskId: "t" });
    log.emit({ type: "task.queued", taskId: "u" }, "p");
    expect(log.events).toEqual([]);
    expect(got).toEqual([1, 2]);
  });
});
