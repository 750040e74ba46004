import { describe, expect, it } from "vitest";
import type { ToolCall } from "./ports";
import { testCrew } from "./testing/harness";
import { ofType, rig } from "./testing/rig";
import { estimatePrompt, estimateTokens, sumUsage, UsageMeter } from "./usage";

const call = (id: string): ToolCall => ({ id, name: "echo", arguments: '{"text":"x"}' });
const used = (promptTokens: number, completionTokens: number) => ({ usage: { promptTokens, completionTokens } });

describe("usage", () => {
  it("takes usage from the provider, sums it per task and per run, and counts each call once", async () => {
    const r = rig([
      { toolCalls: [call("c1")], ...used(100, 10) },
      { content: "first", ...used(150, 20) },
      { content: "second", ...used(40, 5) },
    ]);
    const crew = testCrew({ tools: [{ name: "echo" }], agents: [{ tools: ["tool1"] }, {}], tasks: [{ agent: "a1" }, { agent: "a2" }] });
    const result = await r.run(crew);
    expect(result.status).toBe("completed");
    expect(result.tasks.map((t) => t.usage)).toEqual([
      { promptTokens: 250, completionTokens: 30, totalTokens: 280, requests: 2, estimated: false },
      { promptTokens: 40, completionTokens: 5, totalTokens: 45, requests: 1, estimated: false },
    ]);
    expect(result.usage).toEqual({ promptTokens: 290, completionTokens: 35, totalTokens: 325, requests: 3, estimated: false });
    expect(ofType(result.events, "llm.response").map((e) => e.usage)).toEqual([
      { promptTokens: 100, completionTokens: 10, estimated: false },
      { promptTokens: 150, completionTokens: 20, estimated: false },
      { promptTokens: 40, completionTokens: 5, estimated: false },
    ]);
    expect(result.events.at(-1)).toMatchObject({ type: "run.completed", usage: result.usage });
    expect(ofType(result.events, "task.completed").map((e) => e.output.usage.totalTokens)).toEqual([280, 45]);
  });

  it("estimates and flags usage when the provider reports none", async () => {
    const r = rig(["x".repeat(40), { content: "ok", ...used(10, 1) }]);
    const result = await r.run(testCrew({ tasks: [{}, { context: [] }] }));
    const [first, second] = result.tasks;
    const request = r.provider.calls[0];
    expect(first?.usage).toMatchObject({ completionTokens: 10, promptTokens: estimatePrompt(request?.messages ?? []), estimated: true });
    expect(first?.usage.promptTokens).toBeGreaterThan(0);
    expect(second?.usage.estimated).toBe(false);
    expect(result.usage.estimated).toBe(true);
    expect(ofType(result.events, "llm.response")[0]?.usage.estimated).toBe(true);
  });

  it("counts failed attempts not at all and guardrail checks toward their task", async () => {
    const r = rig((request) =>
      request.responseFormat?.name === "guardrail_verdict"
        ? { content: '{"pass": true, "reason": "ok"}', ...used(7, 3) }
        : { content: "answer", ...used(20, 2) },
    );
    const result = await r.run(testCrew({ tasks: [{ guardrail: { rule: "be short", maxRetries: 1 } }] }));
    expect(result.tasks[0]?.usage).toMatchObject({ promptTokens: 27, completionTokens: 5, requests: 2 });
    expect(result.usage.requests).toBe(r.provider.calls.length);
  });
});

describe("token budget", () => {
  it("stops the run before the request that would exceed it", async () => {
    const r = rig(() => ({ content: "answer", ...used(300, 100) }));
    const result = await r.run(testCrew({ settings: { tokenBudget: 420 }, tasks: [{}, {}, {}] }));
    expect(result.status).toBe("failed");
    expect(r.provider.calls).toHaveLength(1);
    const exceeded = ofType(result.events, "budget.exceeded");
    expect(exceeded).toEqual([expect.objectContaining({ limit: 420, used: 400 })]);
    expect(result.error).toContain("token budget of 420");
    expect(result.usage.totalTokens).toBe(400);
    expect(ofType(result.events, "task.failed").map((e) => e.taskId)).toEqual(["t2"]);
    expect(ofType(result.events, "llm.request")).toHaveLength(1);
  });

  it("checks requests queued behind the concurrency cap when they are sent, not when they were queued", async () => {
    const r = rig(() => ({ content: "answer", usage: { promptTokens: 30, completionTokens: 10 } }));
    const tasks = Array.from({ length: 5 }, () => ({ async: true }));
    const result = await r.run(testCrew({ settings: { tokenBudget: 100, concurrency: 1 }, tasks }));
    expect(result.status).toBe("failed");
    // 40 tokens a call: after two calls (80 used) a third prompt no longer fits.
    expect(r.provider.calls).toHaveLength(2);
    expect(result.usage.totalTokens).toBe(80);
    expect(ofType(result.events, "budget.exceeded")[0]).toMatchObject({ limit: 100, used: 80 });
  });

  it("counts the prompts of requests still in flight against the budget", async () => {
    const r = rig(() => ({ content: "answer", delayMs: 50, usage: { promptTokens: 30, completionTokens: 10 } }), { realDelays: true });
    const tasks = Array.from({ length: 6 }, () => ({ async: true }));
    const crew = testCrew({ settings: { tokenBudget: 100 }, tasks });
    const result = await r.run(crew);
    expect(result.status).toBe("failed");
    // All six start together, so only as many prompts as fit in the budget are sent before any answer arrives.
    const perPrompt = estimatePrompt(r.provider.calls[0]?.messages ?? []);
    expect(perPrompt).toBeGreaterThan(20);
    expect(r.provider.calls).toHaveLength(Math.floor(100 / perPrompt));
    expect(ofType(result.events, "budget.exceeded").length).toBeGreaterThan(0);
  });

  it("lets a run through that stays within the budget", async () => {
    const r = rig(() => ({ content: "answer", ...used(50, 10) }));
    const result = await r.run(testCrew({ settings: { tokenBudget: 10_000 }, tasks: [{}, {}, {}] }));
    expect(result.status).toBe("completed");
    expect(ofType(result.events, "budget.exceeded")).toHaveLength(0);
  });

  it("refuses even the first request when its prompt alone is over the budget", async () => {
    const r = rig(["never"]);
    const result = await r.run(testCrew({ settings: { tokenBudget: 5 }, tasks: [{}] }));
    expect(result.status).toBe("failed");
    expect(r.provider.calls).toHaveLength(0);
    expect(ofType(result.events, "budget.exceeded")).toEqual([expect.objectContaining({ used: 0 })]);
  });
});

describe("UsageMeter and helpers", () => {
  it("keeps per-task and per-agent reports and sums reports", () => {
    const meter = new UsageMeter();
    meter.record({ promptTokens: 1, completionTokens: 2 }, false, "t1", "a1");
    meter.record({ promptTokens: 3, completionTokens: 4 }, true, "t2", "a1");
    meter.record({ promptTokens: 5, completionTokens: 6 }, false);
    expect(meter.total).toEqual({ promptTokens: 9, completionTokens: 12, totalTokens: 21, requests: 3, estimated: true });
    expect(meter.task("t1")).toEqual({ promptTokens: 1, completionTokens: 2, totalTokens: 3, requests: 1, estimated: false });
    expect(meter.byAgent.get("a1")?.requests).toBe(2);
    expect(meter.task("none").requests).toBe(0);
    expect(sumUsage([meter.total, meter.task("t1")]).totalTokens).toBe(24);
    expect(estimateTokens("abcdefgh")).toBe(2);
  });
});
