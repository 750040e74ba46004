import { describe, expect, it } from "vitest";
import { PauseSwitch } from "./pause";
import { systemClock } from "./ports";
import { testCrew } from "./testing/harness";
import { indexOf, ofType, rig, stepOf } from "./testing/rig";

const answer = (request: Parameters<typeof stepOf>[0]) => `output ${stepOf(request)}`;

describe("cancellation", () => {
  it("aborting from onEvent at the 2nd llm.request cancels the run and starts no later request", async () => {
    const r = rig(answer);
    const controller = new AbortController();
    let requests = 0;
    r.options.signal = controller.signal;
    r.options.onEvent = (e) => {
      if (e.type === "llm.request" && ++requests === 2) controller.abort(new Error("user pressed stop"));
    };
    const result = await r.run(testCrew({ tasks: [{}, {}, {}, {}] }));
    expect(result.status).toBe("cancelled");
    expect(result.error).toBe("user pressed stop");
    // The request being announced when the abort came is never handed to the provider; nothing starts after it.
    expect(r.provider.calls).toHaveLength(1);
    expect(ofType(result.events, "llm.request")).toHaveLength(2);
    expect(ofType(result.events, "task.started").map((e) => e.taskId)).toEqual(["t1", "t2"]);
    expect(result.events.at(-1)).toMatchObject({ type: "run.cancelled", reason: "user pressed stop" });
    expect(ofType(result.events, "run.completed")).toHaveLength(0);
  });

  it("a real abort during a slow request ends the run at once as cancelled", async () => {
    const r = rig([{ content: "never", delayMs: 5_000 }, "never"], { realDelays: true });
    const controller = new AbortController();
    r.options.signal = controller.signal;
    setTimeout(() => controller.abort(), 20);
    const result = await r.run(testCrew({ tasks: [{}, {}] }));
    expect(result.status).toBe("cancelled");
    expect(r.provider.calls).toHaveLength(1);
    expect(r.provider.calls[0]?.signal.aborted).toBe(true);
    expect(ofType(result.events, "run.cancelled")).toHaveLength(1);
  });

  it("aborting between tasks (on task.completed) reports cancelled, not completed", async () => {
    const r = rig(answer);
    const controller = new AbortController();
    r.options.signal = controller.signal;
    r.options.onEvent = (e) => {
      if (e.type === "task.completed" && e.taskId === "t1") controller.abort(new Error("stop after t1"));
    };
    const result = await r.run(testCrew({ tasks: [{}, {}, {}] }));
    expect(result.status).toBe("cancelled");
    expect(r.provider.calls).toHaveLength(1);
    expect(ofType(result.events, "run.completed")).toHaveLength(0);
    expect(result.events.at(-1)).toMatchObject({ type: "run.cancelled", reason: "stop after t1" });
  });

  it("the same holds with DAG scheduling", async () => {
    const r = rig(answer);
    const controller = new AbortController();
    r.options.signal = controller.signal;
    r.options.onEvent = (e) => {
      if (e.type === "task.completed" && e.taskId === "t1") controller.abort();
    };
    const result = await r.run(testCrew({ settings: { dagScheduling: true }, tasks: [{}, {}] }));
    expect(result.status).toBe("cancelled");
    expect(r.provider.calls).toHaveLength(1);
  });

  it("a signal aborted before kickoff sends nothing and reports cancelled", async () => {
    const r = rig(answer);
    r.options.signal = AbortSignal.abort(new Error("too late"));
    const result = await r.run(testCrew({ tasks: [{}] }));
    expect(result.status).toBe("cancelled");
    expect(r.provider.calls).toHaveLength(0);
  });

  it("aborting during an async batch cancels every in-flight task and runs nothing after", async () => {
    const r = rig((request) => ({ content: answer(request), delayMs: 2_000 }), { realDelays: true });
    const controller = new AbortController();
    r.options.signal = controller.signal;
    setTimeout(() => controller.abort(), 20);
    const result = await r.run(testCrew({ tasks: [{ async: true }, { async: true }, { async: true }, {}] }));
    expect(result.status).toBe("cancelled");
    expect(r.provider.calls.map(stepOf)).toEqual([1, 2, 3]);
    expect(r.provider.calls.every((c) => c.signal.aborted)).toBe(true);
    expect(indexOf(result.events, "task.started", "t4")).toBe(-1);
  });
});

describe("agent maxExecutionTime", () => {
  it("aborts the request in flight and fails the task naming the time limit", async () => {
    const r = rig([{ content: "too slow", delayMs: 2_000 }, "never"], { realDelays: true, kickoff: { clock: systemClock } });
    const crew = testCrew({ agents: [{ maxExecutionTime: 0.05 }], tasks: [{}, {}] });
    const result = await r.run(crew);
    expect(result.status).toBe("failed");
    expect(result.error).toContain("time limit of 0.05 s");
    expect(result.error).toContain('task "t1"');
    expect(r.provider.calls).toHaveLength(1);
    expect(r.provider.calls[0]?.signal.aborted).toBe(true);
    expect(r.provider.inFlight).toBe(0);
    expect(ofType(result.events, "task.failed")[0]?.error).toContain("time limit");
  });

  it("does not count time spent paused: a pause longer than the limit between two steps still completes", async () => {
    const pause = new PauseSwitch();
    const r = rig(
      [
        { toolCalls: [{ id: "c1", name: "echo", arguments: '{"text":"hi"}' }], delayMs: 20 },
        { content: "done after the pause", delayMs: 20 },
      ],
      { realDelays: true, kickoff: { clock: systemClock, pause } },
    );
    r.options.onEvent = (e) => {
      if (e.type === "tool.finished") {
        pause.pause();
        setTimeout(() => pause.resume(), 400);
      }
    };
    const crew = testCrew({ agents: [{ maxExecutionTime: 0.2, tools: ["tool1"] }], tools: [{}], tasks: [{}] });
    const result = await r.run(crew);
    expect(result.error).toBeUndefined();
    expect(result.status).toBe("completed");
    expect(result.raw).toBe("done after the pause");
    expect(indexOf(result.events, "run.resumed")).toBeGreaterThan(indexOf(result.events, "run.paused"));
  });

  it("a fast agent under its limit completes", async () => {
    const r = rig(["quick"], { realDelays: true, kickoff: { clock: systemClock } });
    const result = await r.run(testCrew({ agents: [{ maxExecutionTime: 5 }], tasks: [{}] }));
    expect(result.status).toBe("completed");
    expect(result.raw).toBe("quick");
  });
});

describe("attempt signals", () => {
  it("sequential tasks reuse a finished attempt's signal, and stopping the run still aborts the request in flight", async () => {
    const r = rig([{ content: "one" }, { content: "two" }, { content: "never", delayMs: 5_000 }], { realDelays: true });
    const controller = new AbortController();
    r.options.signal = controller.signal;
    r.options.onEvent = (e) => {
      if (e.type === "llm.request" && e.taskId === "t3") setTimeout(() => controller.abort(new Error("stop")), 10);
    };
    const result = await r.run(testCrew({ tasks: [{}, {}, {}] }));
    expect(result.status).toBe("cancelled");
    const signals = r.provider.calls.map((c) => c.signal);
    expect(signals).toHaveLength(3);
    // One controller served all three attempts: none was aborted before the stop.
    expect(new Set(signals).size).toBe(1);
    expect(signals[2]?.aborted).toBe(true);
  });

  it("a long run retires each reused signal after 64 attempts (Node's fetch warns past 1,500 listeners on one)", async () => {
    const r = rig(answer);
    const result = await r.run(testCrew({ tasks: Array.from({ length: 200 }, () => ({})) }));
    expect(result.status).toBe("completed");
    const served = new Map<AbortSignal, number>();
    for (const call of r.provider.calls) served.set(call.signal, (served.get(call.signal) ?? 0) + 1);
    expect([...served.values()]).toEqual([64, 64, 64, 8]);
  });

  it("attempts in flight at once each get their own signal; a later attempt takes one of theirs back", async () => {
    const r = rig((request) => ({ content: `output ${stepOf(request)}`, delayMs: 20 }), { realDelays: true });
    const result = await r.run(testCrew({ tasks: [{ async: true }, { async: true }, {}] }));
    expect(result.status).toBe("completed");
    const [first, second, third] = r.provider.calls.map((c) => c.signal);
    expect(first).not.toBe(second);
    expect([first, second]).toContain(third);
    expect([first, second, third].some((s) => s?.aborted)).toBe(false);
  });
});

describe("a time limit that runs out as its attempt ends", () => {
  it("never aborts the next attempt, which reuses the same controller", async () => {
    // A clock whose waits end only when the test says so, and (like a timer that already fired) ignore being cancelled.
    const waits: (() => void)[] = [];
    const clock = { now: () => 0, sleep: () => new Promise<void>((resolve) => waits.push(resolve)) };
    const r = rig(["first", "second"], { kickoff: { clock } });
    r.options.onEvent = (e) => {
      // t1's attempt is over and its controller back in the pool: now its time limit "fires".
      if (e.type === "task.completed" && e.taskId === "t1") waits[0]?.();
    };
    const result = await r.run(testCrew({ agents: [{ maxExecutionTime: 5 }], tasks: [{}, {}] }));
    expect(result.status).toBe("completed");
    expect(result.raw).toBe("second");
    const [first, second] = r.provider.calls.map((c) => c.signal);
    expect(second).toBe(first);
    expect(second?.aborted).toBe(false);
  });
});
