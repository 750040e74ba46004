import { describe, expect, it } from "vitest";
import type { RunEvent } from "../engine/events";
import { testCrew } from "../engine/testing/harness";
import { rig } from "../engine/testing/rig";
import { costOf, formatCost, priceFor } from "./cost";
import { ReplayIndex } from "./replayIndex";
import { foldUntil } from "./runView";
import { answer, hierarchicalRun } from "./runViewFixtures";

describe("ReplayIndex", () => {
  it("gives the same view as folding from the start, at every event, in any seek order", async () => {
    const r = rig(answer, { provider: { tokenChunks: 40 } });
    const crew = testCrew({ tasks: Array.from({ length: 14 }, () => ({})) });
    const { events } = await r.run(crew);
    expect(events.length).toBeGreaterThan(300);
    const index = new ReplayIndex(events, crew);
    const order = [events.length - 1, 3, 280, 257, 0, 511, 255, 256, -1, 100];
    for (const i of order) {
      const at = Math.min(i, events.length - 1);
      const expected = at < 0 ? null : foldUntil(events, events[at]?.seq ?? 0, crew);
      const view = index.viewAt(at);
      if (expected) expect(view).toEqual(expected);
      else expect(view.seq).toBe(0);
    }
  });

  it("keeps delegations in its checkpoints: seeking past one mid-delegation shows the delegation open", () => {
    const { crew, events } = hierarchicalRun();
    // A coworker that streams a long answer puts a checkpoint inside its delegation.
    const at = events.findIndex((e) => e.type === "llm.token" && e.callId === "w1");
    const long = [...events.slice(0, at), ...Array(300).fill(events[at]), ...events.slice(at + 1)].map((e: RunEvent, i) => ({
      ...e,
      seq: i + 1,
    }));
    const index = new ReplayIndex(long, crew);
    for (const i of [long.length - 1, 270, 256, 255, 40, 300]) expect(index.viewAt(i)).toEqual(foldUntil(long, i + 1, crew));
    const mid = index.viewAt(270);
    expect(mid.delegations.map((x) => [x.id, x.end])).toEqual([["d1", undefined]]);
    expect(mid.activeEdges).toContain("delegates:$manager:a1");
    expect(mid.nodes.a1?.streamed).toBe("Draft".repeat(270 - at + 1));
  });

  it("shows an interrupted run's last moment as interrupted, with nothing still running", async () => {
    const r = rig(answer);
    const crew = testCrew({ tasks: [{}, {}] });
    const { events } = await r.run(crew);
    // The tab closed right after the second task started.
    const cut = events.findIndex((e) => e.type === "task.started" && e.taskId === "t2");
    const partial: RunEvent[] = events.slice(0, cut + 2);
    const view = new ReplayIndex(partial, crew, true).viewAt(partial.length - 1);
    expect(view.status).toBe("interrupted");
    expect(view.nodes.t2?.status).toBe("cancelled");
    expect(view.nodes.t1?.status).toBe("done");
    expect(view.spans.every((s) => s.end !== undefined)).toBe(true);
    expect(new ReplayIndex(partial, crew, true).viewAt(cut).status).toBe("running");
  });
});

describe("cost", () => {
  it("finds prices by exact name, without the provider prefix, and without case", () => {
    const table = { "gpt-4.1-mini": { input: 0.4, output: 1.6 }, "meta-llama/Llama-3.3-70B": { input: 1, output: 1 } };
    expect(priceFor("gpt-4.1-mini", table)).toEqual({ input: 0.4, output: 1.6 });
    expect(priceFor("openai/gpt-4.1-mini", table)).toEqual({ input: 0.4, output: 1.6 });
    expect(priceFor("GPT-4.1-MINI", table)).toEqual({ input: 0.4, output: 1.6 });
    expect(priceFor("llama-3.3-70b", table)).toEqual({ input: 1, output: 1 });
    expect(priceFor("llama3.2", table)).toBeUndefined();
  });

  it("sums by model, lists unpriced models rather than counting them as free, and formats small amounts", () => {
    const usage = {
      "gpt-4.1-mini": { promptTokens: 1000, completionTokens: 500, requests: 2 },
      local: { promptTokens: 10, completionTokens: 10, requests: 1 },
    };
    const cost = costOf(usage, { "gpt-4.1-mini": { input: 0.4, output: 1.6 } });
    expect(cost.usd).toBeCloseTo(0.0012, 10);
    expect(cost.unpriced).toEqual(["local"]);
    expect(formatCost(cost)).toBe("$0.0012+");
    expect(formatCost({ usd: 0, unpriced: ["x"] })).toBe("—");
    expect(formatCost({ usd: 1.234, unpriced: [] })).toBe("$1.23");
  });
});

describe("foldBatch", () => {
  it("folds a batch to the same view as folding its events one by one, whatever the batch size", async () => {
    const { foldBatch, foldEvents, emptyRunView } = await import("./runView");
    const r = rig(answer, { provider: { tokenChunks: 10 } });
    const crew = testCrew({ agents: [{}, {}], tasks: [{ async: true }, { async: true, agent: "a2" }, {}, {}] });
    const { events } = await r.run(crew);
    const whole = foldEvents(events, crew);
    for (const size of [1, 3, 17, events.length]) {
      let view = emptyRunView(events[0]?.runId ?? "", events[0]?.ts ?? 0);
      for (let i = 0; i < events.length; i += size) view = foldBatch(view, events.slice(i, i + size), crew);
      expect(view).toEqual(whole);
    }
  });
});
