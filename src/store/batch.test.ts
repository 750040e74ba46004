import { describe, expect, it } from "vitest";
import type { RunEvent } from "../engine/events";
import { LlmError } from "../engine/ports";
import { taskText } from "../engine/testing/rig";
import { testAgent, testCrew, testTask } from "../model/testCrews";
import { batchViews } from "./batchSummary";
import { storeRig, until } from "./testing/storeRig";

const topicCrew = () =>
  testCrew({
    name: "Topics",
    inputs: { tone: "dry" },
    agents: [testAgent("a1")],
    tasks: [testTask("t1", { description: "Write about {topic} in a {tone} tone", agent: "a1" })],
  });
const topicOf = (text: string) => /Write about (\w+)/.exec(text)?.[1] ?? "?";

describe("batches", () => {
  it("runs each row as its own saved run, at most N at once, and sums them up in a summary rebuilt from the records", async () => {
    const { s, runs, engine } = await storeRig((req) => ({ content: `about ${topicOf(taskText(req))}`, delayMs: 40 }));
    const crewId = await s().createCrew(topicCrew());
    expect(s().startBatch([{ topic: "crabs" }, { topic: "snails", tone: "warm" }, { topic: "kelp" }], 2)).toBeNull();
    const batchId = Object.keys(s().batches)[0] as string;
    expect(s().dock).toEqual({ open: true, tab: "batch" });
    expect(Object.keys(s().liveRuns)).toHaveLength(2);
    await until(() => s().batches[batchId]?.status === "done", "the batch to end");
    await until(() => [...runs.runs.values()].every((r) => r.status === "completed") && s().history.length === 3, "the records");

    expect(engine.provider.calls).toHaveLength(3);
    expect(engine.provider.maxInFlight).toBe(2);
    const records = [...runs.runs.values()].sort((a, b) => (a.batch?.row ?? 0) - (b.batch?.row ?? 0));
    expect(records.map((r) => r.batch)).toEqual([1, 2, 3].map((row) => ({ id: batchId, row, size: 3 })));
    expect(records.map((r) => r.output)).toEqual(["about crabs", "about snails", "about kelp"]);
    // The crew's default fills what a row leaves out; a row's own value wins.
    expect(records.map((r) => r.inputs.tone)).toEqual(["dry", "warm", "dry"]);
    expect(new Set(records.map((r) => r.id)).size).toBe(3);
    for (const record of records) {
      const events = (await runs.events(record.id)) as RunEvent[];
      expect(events.every((e) => e.runId === record.id)).toBe(true);
      expect(events[0]).toMatchObject({ type: "run.started", inputs: record.inputs });
    }

    const [view] = batchViews(crewId, s().history, s().batches, s().liveRuns, Date.now());
    expect(view?.rows.map((r) => [r.row, r.status, r.output])).toEqual([
      [1, "completed", "about crabs"],
      [2, "completed", "about snails"],
      [3, "completed", "about kelp"],
    ]);
    expect(view?.totalTokens).toBe(records.reduce((n, r) => n + r.totalTokens, 0));
    expect(view?.usageByModel["test-model"]?.requests).toBe(3);
    // After a reload only the saved runs are left: the same summary comes back from them.
    const [rebuilt] = batchViews(crewId, s().history, {}, {}, Date.now());
    expect(rebuilt?.rows.map((r) => [r.row, r.status, r.output, r.inputs.topic])).toEqual([
      [1, "completed", "about crabs", "crabs"],
      [2, "completed", "about snails", "snails"],
      [3, "completed", "about kelp", "kelp"],
    ]);
    expect(rebuilt?.totalTokens).toBe(view?.totalTokens);
  });

  it("a failed row keeps its error in the saved record, so the summary rebuilt after a reload still says why", async () => {
    const { s, runs } = await storeRig((req) =>
      topicOf(taskText(req)) === "kelp"
        ? { error: new LlmError("client", "model 'm' does not exist", { status: 404 }) }
        : { content: "fine" },
    );
    const crewId = await s().createCrew(topicCrew());
    expect(s().startBatch([{ topic: "crabs" }, { topic: "kelp" }], 1)).toBeNull();
    await until(() => [...runs.runs.values()].filter((r) => r.status !== "running").length === 2, "both records");
    const failed = [...runs.runs.values()].find((r) => r.status === "failed");
    expect(failed?.error).toMatch(/does not exist/);
    await s().refreshHistory();
    const [rebuilt] = batchViews(crewId, s().history, {}, {}, Date.now());
    expect(rebuilt?.rows.map((r) => [r.status, r.error ?? null])).toEqual([
      ["completed", null],
      ["failed", expect.stringMatching(/does not exist/)],
    ]);
  });

  it("Stop on a row stops the batch: the runs in flight are cancelled and the rows waiting never start", async () => {
    const { s, runs, engine } = await storeRig((req) => ({ content: `about ${topicOf(taskText(req))}`, delayMs: 150 }));
    const crewId = await s().createCrew(topicCrew());
    s().startBatch(
      ["a", "b", "c", "d"].map((topic) => ({ topic })),
      2,
    );
    const batchId = Object.keys(s().batches)[0] as string;
    await until(() => engine.provider.calls.length === 2, "two rows to send");
    expect(s().liveRun?.batch).toMatchObject({ id: batchId, size: 4 });
    s().stopRun();
    await until(() => Object.keys(s().liveRuns).length === 0, "the rows in flight to end");
    await until(() => [...runs.runs.values()].every((r) => r.status !== "running"), "the records");
    expect(s().batches[batchId]?.status).toBe("stopped");
    expect(engine.provider.calls).toHaveLength(2);
    expect([...runs.runs.values()].map((r) => r.status)).toEqual(["cancelled", "cancelled"]);
    expect(s().toasts.at(-1)?.message).toBe("Batch stopped: 2 cancelled");
    const [view] = batchViews(crewId, s().history, s().batches, s().liveRuns, Date.now());
    expect(view?.rows.map((r) => r.status)).toEqual(["cancelled", "cancelled", "not run", "not run"]);
  });

  it("pausing a row pauses the whole batch; nothing new starts until it resumes", async () => {
    const { s, engine } = await storeRig((req) => ({ content: `about ${topicOf(taskText(req))}`, delayMs: 60 }));
    await s().createCrew(topicCrew());
    s().startBatch(
      ["a", "b", "c"].map((topic) => ({ topic })),
      1,
    );
    const batchId = Object.keys(s().batches)[0] as string;
    await until(() => engine.provider.calls.length === 1, "the first row to send");
    s().pauseRun();
    expect(s().batches[batchId]?.paused).toBe(true);
    await until(() => Object.keys(s().liveRuns).length === 0, "the first row to end");
    await new Promise((r) => setTimeout(r, 100));
    expect(engine.provider.calls).toHaveLength(1);
    s().resumeBatch(batchId);
    await until(() => s().batches[batchId]?.status === "done", "the batch to end");
    expect(engine.provider.calls.map((c) => topicOf(taskText(c)))).toEqual(["a", "b", "c"]);
  });

  it("names the rows that cannot run before starting any", async () => {
    const { s, engine } = await storeRig(() => "x");
    await s().createCrew(topicCrew());
    expect(s().batchBlockers([{ topic: "a" }, { topic: " " }, {}])).toEqual(["row 2: no value for {topic}", "row 3: no value for {topic}"]);
    expect(s().startBatch([{ topic: "a" }, {}], 2)).toBe("row 2: no value for {topic}");
    expect(s().startBatch([], 2)).toBe("no rows: add at least one");
    expect(engine.provider.calls).toHaveLength(0);
    expect(s().batches).toEqual({});
  });
});
