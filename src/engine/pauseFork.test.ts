import { describe, expect, it } from "vitest";
import type { TaskOutput } from "./events";
import { CrewInvalidError } from "./kickoff";
import { PauseSwitch } from "./pause";
import { testCrew } from "./testing/harness";
import { indexOf, ofType, rig, stepOf, taskText } from "./testing/rig";

const answer = (request: Parameters<typeof stepOf>[0]) => `output ${stepOf(request)}`;
const usage = { promptTokens: 5, completionTokens: 7, totalTokens: 12, requests: 1, estimated: false };
const saved = (taskId: string, raw: string): TaskOutput => ({ taskId, agentId: "a1", raw, usage });

describe("pause and resume", () => {
  it("holds the next step while paused, logs run.paused/run.resumed, and sends nothing until resumed", async () => {
    const pause = new PauseSwitch();
    const r = rig(answer, { kickoff: { pause } });
    const sentWhilePaused: number[] = [];
    r.options.onEvent = (e) => {
      if (e.type === "task.completed" && e.taskId === "t1") {
        pause.pause();
        // Resume only after the engine had every chance to start more work.
        setTimeout(() => {
          sentWhilePaused.push(r.provider.calls.length);
          pause.resume();
        }, 30);
      }
    };
    const result = await r.run(testCrew({ tasks: [{}, {}, {}] }));
    expect(result.status).toBe("completed");
    expect(sentWhilePaused).toEqual([1]);
    expect(r.provider.calls).toHaveLength(3);
    const paused = indexOf(result.events, "run.paused");
    const resumed = indexOf(result.events, "run.resumed");
    expect(paused).toBeGreaterThan(indexOf(result.events, "task.completed", "t1"));
    expect(resumed).toBeGreaterThan(paused);
    // t2 starts only after the resume.
    expect(indexOf(result.events, "task.started", "t2")).toBeGreaterThan(resumed);
  });

  it("a stop while paused cancels the run at once", async () => {
    const pause = new PauseSwitch();
    const controller = new AbortController();
    const r = rig(answer, { kickoff: { pause, signal: controller.signal } });
    r.options.onEvent = (e) => {
      if (e.type === "task.completed" && e.taskId === "t1") {
        pause.pause();
        setTimeout(() => controller.abort(new Error("stopped while paused")), 10);
      }
    };
    const result = await r.run(testCrew({ tasks: [{}, {}] }));
    expect(result.status).toBe("cancelled");
    expect(r.provider.calls).toHaveLength(1);
    expect(result.error).toBe("stopped while paused");
  });

  it("starting paused logs run.paused first and sends nothing until resumed", async () => {
    const pause = new PauseSwitch();
    pause.pause();
    const r = rig(answer, { kickoff: { pause } });
    setTimeout(() => pause.resume(), 20);
    const result = await r.run(testCrew({ tasks: [{}] }));
    expect(result.status).toBe("completed");
    expect(result.events.map((e) => e.type).slice(0, 2)).toEqual(["run.started", "run.paused"]);
  });
});

describe("fork (re-run from a task with earlier outputs restored)", () => {
  it("restores the tasks before the fork point, sends no request for them, and hands their output on as context", async () => {
    const r = rig(answer, {
      kickoff: { restore: { fromRunId: "old-run", taskId: "t2", outputs: [saved("t1", "saved output 1"), saved("t2", "old 2")] } },
    });
    const result = await r.run(testCrew({ tasks: [{}, {}, {}] }));
    expect(result.status).toBe("completed");
    expect(r.provider.calls.map(stepOf)).toEqual([2, 3]);
    expect(taskText(r.provider.calls[0])).toContain("saved output 1");
    expect(ofType(result.events, "task.restored").map((e) => [e.taskId, e.fromRunId])).toEqual([["t1", "old-run"]]);
    expect(ofType(result.events, "task.queued").map((e) => e.taskId)).toEqual(["t2", "t3"]);
    expect(result.events[0]).toMatchObject({ type: "run.started", forkOf: { runId: "old-run", taskId: "t2" } });
    expect(result.tasks.map((t) => t.raw)).toEqual(["saved output 1", "output 2", "output 3"]);
    // Usage is what this run spent: the restored task cost nothing now.
    expect(result.usage.requests).toBe(2);
  });

  it("refuses a fork whose saved run lacks an output of an earlier task, before sending anything", async () => {
    const r = rig(answer, { kickoff: { restore: { fromRunId: "old-run", taskId: "t3", outputs: [saved("t1", "x")] } } });
    const run = r.run(testCrew({ tasks: [{}, {}, {}] }));
    await expect(run).rejects.toBeInstanceOf(CrewInvalidError);
    await expect(run).rejects.toThrow(/run old-run has no output for "t2"/);
    expect(r.provider.calls).toHaveLength(0);
  });

  it("refuses a fork from a task the crew no longer has, and a fork of an environment crew", async () => {
    const r = rig(answer, { kickoff: { restore: { fromRunId: "r", taskId: "gone", outputs: [] } } });
    await expect(r.run(testCrew({ tasks: [{}] }))).rejects.toThrow(/no such task now/);
    const env = { ...testCrew({ tasks: [{}, {}] }), process: "environment" as const };
    const r2 = rig(answer, { kickoff: { restore: { fromRunId: "r", taskId: "t2", outputs: [saved("t1", "x")] } } });
    await expect(r2.run(env)).rejects.toThrow(/needs a sequential crew/);
  });
});

describe("llm.request carries the prompt", () => {
  it("logs the opening messages on the first request and only the new ones on later requests of a conversation", async () => {
    const r = rig([{ content: "", toolCalls: [{ id: "c1", name: "echo", arguments: '{"text":"hi"}' }] }, "done"]);
    const crew = testCrew({ tasks: [{ tools: ["tool1"] }], tools: [{}] });
    const result = await r.run(crew);
    const [first, second] = ofType(result.events, "llm.request");
    expect(first?.promptFrom).toBe(0);
    expect(first?.prompt.map((m) => m.role)).toEqual(["system", "user"]);
    expect(first?.prompt[1]?.content).toContain("Do step 1");
    expect(second?.promptFrom).toBe(2);
    expect(second?.prompt.map((m) => m.role)).toEqual(["assistant", "tool"]);
    expect(second?.prompt[1]?.content).toBe("echo: hi");
    expect(second?.prompt[0]?.toolCalls?.[0]?.name).toBe("echo");
  });
});

describe("cost budget", () => {
  const price = (model: string) => (model === "test-model" ? { input: 1_000_000, output: 1_000_000 } : undefined);

  it("stops before the request that would take the run over its cost, and says so in dollars", async () => {
    const r = rig(answer, { provider: { tokenChunks: 1 } });
    // $1 per token: the first call costs its prompt and answer, the second cannot start.
    const first = await rig(answer).run(testCrew({ tasks: [{}] }));
    const oneCall = first.usage.totalTokens;
    r.options.costLimit = { usd: oneCall + 1, price };
    const result = await r.run(testCrew({ tasks: [{}, {}, {}] }));
    expect(result.status).toBe("failed");
    expect(r.provider.calls).toHaveLength(1);
    expect(result.error).toMatch(/^cost budget of \$\d+\.\d\d would be exceeded: \$\d+\.\d\d spent/);
    expect(ofType(result.events, "budget.exceeded")[0]).toMatchObject({ unit: "usd", limit: oneCall + 1, used: oneCall });
  });

  it("does not count models without a price against the budget", async () => {
    const r = rig(answer);
    r.options.costLimit = { usd: 0.000001, price: () => undefined };
    const result = await r.run(testCrew({ tasks: [{}, {}] }));
    expect(result.status).toBe("completed");
  });
});
