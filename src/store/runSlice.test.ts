import { describe, expect, it } from "vitest";
import { stepOf } from "../engine/testing/rig";
import type { Crew, Endpoint } from "../model";
import { testAgent, testCrew, testTask } from "../model/testCrews";
import type { inProcessRunner } from "./testing/inProcessRunner";
import { storeRig } from "./testing/storeRig";

const KEY = "sk-live-SECRETSECRET1234";
const endpoint: Endpoint = {
  id: "ep",
  preset: "custom",
  name: "Mock",
  baseUrl: "http://127.0.0.1:1/v1",
  model: "m",
  apiKey: KEY,
  createdAt: 0,
};

function threeTasks(): Crew {
  return testCrew({
    agents: [testAgent("a1")],
    tasks: [1, 2, 3].map((n) => testTask(`t${n}`, { name: `Step ${n}`, description: `Do step ${n}`, agent: "a1" })),
  });
}

async function setup(script: Parameters<typeof inProcessRunner>[0], crew: Crew = threeTasks()) {
  const rig = await storeRig(script, endpoint);
  await rig.store.getState().createCrew(crew);
  return rig;
}

const settle = async (engine: { settled: () => Promise<unknown> }) => {
  await engine.settled();
  // The last batch of events is written a moment after the run ends.
  await new Promise((r) => setTimeout(r, 150));
};
const answer = (req: Parameters<typeof stepOf>[0]) => `answer ${stepOf(req)} <img src=x onerror=alert(1)>`;

describe("running from the store", () => {
  it("folds the run into node states, saves the record and every event, and lists the run in history", async () => {
    const { s, runs, engine } = await setup(answer);
    expect(s().startRun({})).toBeNull();
    expect(s().liveRun?.crewName).toBe(s().crew.name);
    await settle(engine);
    expect(s().liveRun).toBeNull();
    expect(s().run?.status).toBe("completed");
    expect(["t1", "t2", "t3"].map((t) => s().run?.nodes[t]?.status)).toEqual(["done", "done", "done"]);
    const runId = s().run?.runId as string;
    const record = await runs.get(runId);
    expect(record).toMatchObject({ status: "completed", crewId: s().crewId });
    expect(record?.usageByModel?.["test-model"]?.requests).toBe(3);
    expect((await runs.events(runId)).length).toBe(s().runEvents.length);
    expect(s().history.map((h) => h.id)).toEqual([runId]);
  });

  it("refuses a second run while one is going, and stop cancels the live run", async () => {
    const { s, engine } = await setup((req) => ({ content: answer(req), delayMs: 200 }));
    expect(s().startRun({})).toBeNull();
    expect(s().startRun({})).toMatch(/is going; stop it first/);
    await new Promise((r) => setTimeout(r, 50));
    s().stopRun();
    await settle(engine);
    expect(s().run?.status).toBe("cancelled");
    expect(engine.provider.calls).toHaveLength(1);
  });

  it("pause holds the run between steps and resume continues it", async () => {
    const { s, engine } = await setup((req) => ({ content: answer(req), delayMs: 30 }));
    s().startRun({});
    await new Promise((r) => setTimeout(r, 10));
    s().pauseRun();
    await new Promise((r) => setTimeout(r, 120));
    expect(s().liveRun?.paused).toBe(true);
    expect(s().run?.paused).toBe(true);
    expect(engine.provider.calls).toHaveLength(1);
    expect(s().run?.nodes.t1?.status).toBe("done");
    s().resumeRun();
    await settle(engine);
    expect(s().run?.status).toBe("completed");
    expect(s().run?.paused).toBe(false);
  });
});

describe("history: replay, fork, export, delete", () => {
  it("replays a saved run at any event without sending anything, and goes back to live", async () => {
    const { s, engine } = await setup(answer);
    s().startRun({});
    await settle(engine);
    const runId = s().run?.runId as string;
    const sent = engine.provider.calls.length;
    await s().openReplay(runId);
    expect(s().runMode).toBe("replay");
    const events = s().replay?.events ?? [];
    const firstDone = events.findIndex((e) => e.type === "task.completed");
    s().seekReplay(firstDone);
    expect(s().run?.nodes.t1?.status).toBe("done");
    expect(s().run?.nodes.t2?.status).toBe("queued");
    expect(s().runEvents).toHaveLength(firstDone + 1);
    s().seekReplay(-1);
    expect(s().run?.nodes.t1).toBeUndefined();
    s().seekReplay(events.length - 1);
    expect(s().run?.status).toBe("completed");
    expect(engine.provider.calls).toHaveLength(sent);
    s().closeReplay();
    expect(s().runMode).toBe("live");
    expect(s().run?.runId).toBe(runId);
  });

  it("forks from the second task: the first is restored from the log and never sent again", async () => {
    const { s, engine } = await setup(answer);
    s().startRun({});
    await settle(engine);
    const first = s().run?.runId as string;
    engine.provider.calls.length = 0;
    expect(await s().forkRun(first, "t2")).toBeNull();
    await settle(engine);
    expect(engine.provider.calls.map(stepOf)).toEqual([2, 3]);
    expect(s().run?.forkOf).toEqual({ runId: first, taskId: "t2" });
    expect(s().run?.nodes.t1?.status).toBe("done");
    expect(s().run?.outputs.t1?.raw).toContain("answer 1");
    expect(s().history).toHaveLength(2);
    expect(s().history[0]?.forkOf).toEqual({ runId: first, taskId: "t2" });
  });

  it("exports a run as JSON without the stored key even when the model echoed it", async () => {
    const { s, engine } = await setup(() => `the key is ${KEY}`);
    s().startRun({});
    await settle(engine);
    const file = await s().exportRun(s().run?.runId as string);
    expect(file.fileName).toMatch(/\.run-\d{4}-\d\d-\d\dT[\d-]+\.json$/);
    expect(file.json).not.toContain(KEY);
    expect(file.json).toContain("[key removed]");
    expect(JSON.parse(file.json)).toMatchObject({ format: "crewdeck.run", version: 1 });
  });

  it("deletes a run, and Undo puts it back with its events", async () => {
    const { s, runs, engine } = await setup(answer);
    s().startRun({});
    await settle(engine);
    const runId = s().run?.runId as string;
    const count = (await runs.events(runId)).length;
    await s().deleteRun(runId);
    expect(s().history).toHaveLength(0);
    const toast = s().toasts.at(-1);
    expect(toast?.action?.label).toBe("Undo");
    toast?.action?.run();
    await new Promise((r) => setTimeout(r, 20));
    expect(s().history.map((h) => h.id)).toEqual([runId]);
    expect((await runs.events(runId)).length).toBe(count);
  });
});

describe("device prices", () => {
  it("prices a run with the table and shows unpriced models as unpriced", async () => {
    const { s, engine } = await setup(answer);
    s().startRun({});
    await settle(engine);
    const { costOf, RUN_USAGE_KEY } = await import("./index");
    const usage = s().run?.nodeUsage[RUN_USAGE_KEY];
    expect(costOf(usage, s().prices).unpriced).toEqual(["test-model"]);
    s().setPrice("test-model", { input: 1_000_000, output: 0 });
    const prompt = Object.values(usage ?? {}).reduce((n, u) => n + u.promptTokens, 0);
    expect(costOf(usage, s().prices)).toEqual({ usd: prompt, unpriced: [] });
  });
});
