import { describe, expect, it } from "vitest";
import { LlmError, systemClock } from "./ports";
import { testCrew } from "./testing/harness";
import { ofType, rig, stepOf } from "./testing/rig";

const deterministic = { kickoff: { random: () => 1 } };

describe("model call retries", () => {
  it("retries a rate limit after exactly the Retry-After delay", async () => {
    const r = rig([new LlmError("rate_limit", "HTTP 429: slow down", { status: 429, retryAfterMs: 7_250 }), "fine"], deterministic);
    const result = await r.run(testCrew({ tasks: [{}] }));
    expect(result.status).toBe("completed");
    expect(result.raw).toBe("fine");
    const retries = ofType(result.events, "llm.retry");
    expect(retries).toEqual([expect.objectContaining({ attempt: 1, delayMs: 7_250, reason: "HTTP 429: slow down" })]);
    expect(r.clock.sleeps).toEqual([7_250]);
    expect(r.provider.calls).toHaveLength(2);
    // Both attempts belong to one call id; only the successful one is counted.
    const requests = ofType(result.events, "llm.request");
    expect(new Set(requests.map((e) => e.callId)).size).toBe(1);
    expect(result.usage.requests).toBe(1);
  });

  it("retries server errors with exponential backoff (500·2^(n−1) with random()=1)", async () => {
    const err = () => new LlmError("server", "HTTP 503: overloaded", { status: 503 });
    const r = rig([err(), err(), err(), "recovered"], deterministic);
    const result = await r.run(testCrew({ tasks: [{}] }));
    expect(result.status).toBe("completed");
    expect(ofType(result.events, "llm.retry").map((e) => [e.attempt, e.delayMs])).toEqual([
      [1, 500],
      [2, 1_000],
      [3, 2_000],
    ]);
    expect(r.clock.sleeps).toEqual([500, 1_000, 2_000]);
  });

  it("jitter keeps the delay between half and all of the backoff", async () => {
    const err = () => new LlmError("network", "socket hang up");
    const r = rig([err(), err(), "ok"], { kickoff: { random: () => 0 } });
    const result = await r.run(testCrew({ tasks: [{}] }));
    expect(result.status).toBe("completed");
    expect(r.clock.sleeps).toEqual([250, 500]);
  });

  it("after retry.attempts the task fails and the run fails with the provider's message", async () => {
    const r = rig(() => new LlmError("server", "provider says: HTTP 500 internal error", { status: 500 }), {
      kickoff: { random: () => 1, retry: { attempts: 3, baseMs: 100, maxMs: 150 } },
    });
    const result = await r.run(testCrew({ tasks: [{}, {}] }));
    expect(result.status).toBe("failed");
    expect(result.error).toContain("provider says: HTTP 500 internal error");
    expect(r.provider.calls).toHaveLength(3);
    expect(r.clock.sleeps).toEqual([100, 150]);
    expect(ofType(result.events, "task.failed")).toEqual([expect.objectContaining({ taskId: "t1" })]);
    expect(ofType(result.events, "task.started").map((e) => e.taskId)).toEqual(["t1"]);
    expect(result.events.at(-1)).toMatchObject({ type: "run.failed", error: expect.stringContaining("HTTP 500 internal error") });
  });

  it("uses 4 attempts by default", async () => {
    const r = rig(() => new LlmError("server", "HTTP 502", { status: 502 }), deterministic);
    const result = await r.run(testCrew({ tasks: [{}] }));
    expect(result.status).toBe("failed");
    expect(r.provider.calls).toHaveLength(4);
    expect(r.clock.sleeps).toEqual([500, 1_000, 2_000]);
  });

  it("does not retry client errors such as 401", async () => {
    const r = rig([new LlmError("client", "HTTP 401: invalid API key", { status: 401 }), "never"], deterministic);
    const result = await r.run(testCrew({ tasks: [{}] }));
    expect(result.status).toBe("failed");
    expect(result.error).toContain("HTTP 401: invalid API key");
    expect(r.provider.calls).toHaveLength(1);
    expect(ofType(result.events, "llm.retry")).toHaveLength(0);
    expect(r.clock.sleeps).toEqual([]);
  });

  it("does not retry plain (non-LlmError) exceptions", async () => {
    const r = rig([new Error("bug in adapter"), "never"]);
    const result = await r.run(testCrew({ tasks: [{}] }));
    expect(result.status).toBe("failed");
    expect(result.error).toContain("bug in adapter");
    expect(r.provider.calls).toHaveLength(1);
  });

  it("a retry waiting for its delay does not hold a concurrency slot", async () => {
    let failed = false;
    const r = rig(
      (request) => {
        if (!failed) {
          failed = true;
          return new LlmError("rate_limit", "429", { retryAfterMs: 60 });
        }
        return `ok ${stepOf(request)}`;
      },
      { realDelays: true, kickoff: { clock: systemClock } },
    );
    const result = await r.run(testCrew({ settings: { concurrency: 1 }, tasks: [{ async: true }, { async: true }] }));
    expect(result.status).toBe("completed");
    expect(r.provider.calls.map(stepOf)).toEqual([1, 2, 1]);
    // While t1 sleeps before its retry, t2's request goes through the single slot.
    const kinds = result.events.filter((e) => e.type === "llm.request" || e.type === "llm.retry").map((e) => e.type);
    expect(kinds).toEqual(["llm.request", "llm.retry", "llm.request", "llm.request"]);
  });
});
