import { describe, expect, it } from "vitest";
import { RpmLimiter, Semaphore } from "./limits";
import { testCrew, VirtualClock } from "./testing/harness";
import { indexOf, ofType, rig } from "./testing/rig";

const tasks = (n: number, extra: Record<string, unknown> = {}) => Array.from({ length: n }, () => ({ ...extra }));

describe("requests per minute", () => {
  it("crew maxRpm N: the (N+1)th request waits about 60 s, once", async () => {
    const r = rig(() => "ok");
    const result = await r.run(testCrew({ settings: { maxRpm: 3 }, tasks: tasks(4) }));
    expect(result.status).toBe("completed");
    const waits = ofType(result.events, "ratelimit.wait");
    expect(waits).toHaveLength(1);
    expect(waits[0]).toMatchObject({ scope: "crew", agentId: "a1", ms: 60_000 });
    expect(r.clock.sleeps).toEqual([60_000]);
    // The wait comes before the fourth request.
    const requests = result.events.filter((e) => e.type === "llm.request");
    expect(result.events.indexOf(waits[0] as (typeof result.events)[number])).toBeLessThan(
      result.events.indexOf(requests[3] as (typeof result.events)[number]),
    );
    expect(indexOf(result.events, "ratelimit.wait")).toBeGreaterThan(indexOf(result.events, "task.completed", "t3"));
  });

  it("exactly N requests with limit N never wait", async () => {
    const r = rig(() => "ok");
    const result = await r.run(testCrew({ settings: { maxRpm: 3 }, tasks: tasks(3) }));
    expect(ofType(result.events, "ratelimit.wait")).toHaveLength(0);
    expect(r.clock.sleeps).toEqual([]);
  });

  it("an agent's maxRpm wins over the crew's", async () => {
    const r = rig(() => "ok");
    const crew = testCrew({ settings: { maxRpm: 1 }, agents: [{ maxRpm: 2 }], tasks: tasks(3) });
    const result = await r.run(crew);
    expect(result.status).toBe("completed");
    const waits = ofType(result.events, "ratelimit.wait");
    expect(waits.map((w) => [w.scope, w.agentId, w.ms])).toEqual([["agent", "a1", 60_000]]);
    expect(r.clock.sleeps).toEqual([60_000]);
  });

  it("agent limits are per agent; other agents fall back to the crew limit", async () => {
    const r = rig(() => "ok");
    const crew = testCrew({
      settings: { maxRpm: 10 },
      agents: [{ id: "slow", maxRpm: 1 }, { id: "fast" }],
      tasks: [{ agent: "slow" }, { agent: "fast" }, { agent: "fast" }, { agent: "slow" }],
    });
    const result = await r.run(crew);
    const waits = ofType(result.events, "ratelimit.wait");
    expect(waits.map((w) => [w.scope, w.agentId, w.ms])).toEqual([["agent", "slow", 60_000]]);
  });

  it("without limits nothing waits", async () => {
    const r = rig(() => "ok");
    const result = await r.run(testCrew({ tasks: tasks(30, { async: true }) }));
    expect(result.status).toBe("completed");
    expect(ofType(result.events, "ratelimit.wait")).toHaveLength(0);
    expect(r.clock.sleeps).toEqual([]);
  });
});

describe("RpmLimiter", () => {
  it("frees a slot once the oldest booking leaves the 60 s window", () => {
    const clock = new VirtualClock();
    const limiter = new RpmLimiter(2, clock);
    expect([limiter.reserve(), limiter.reserve()]).toEqual([0, 0]);
    clock.t += 30_000;
    expect(limiter.reserve()).toBe(30_000);
    clock.t += 60_000;
    expect(limiter.reserve()).toBe(0);
  });

  it("queues simultaneous callers in order instead of waking them together", () => {
    const clock = new VirtualClock();
    const limiter = new RpmLimiter(2, clock);
    expect(Array.from({ length: 5 }, () => limiter.reserve())).toEqual([0, 0, 60_000, 60_000, 120_000]);
  });
});

describe("Semaphore", () => {
  it("grants at most `size` holders, first come first served, and drops an aborted waiter", async () => {
    const semaphore = new Semaphore(1);
    const order: string[] = [];
    const release = await semaphore.acquire();
    const aborted = new AbortController();
    const b = semaphore.acquire(aborted.signal);
    const c = semaphore.acquire().then((r) => {
      order.push("c");
      return r;
    });
    aborted.abort(new Error("gone"));
    await expect(b).rejects.toThrow("gone");
    release();
    release(); // releasing twice is harmless
    const releaseC = await c;
    expect(order).toEqual(["c"]);
    let d = false;
    const dPromise = semaphore.acquire().then(() => {
      d = true;
    });
    await Promise.resolve();
    expect(d).toBe(false);
    releaseC();
    await dPromise;
    expect(d).toBe(true);
  });
});
