import { describe, expect, it } from "vitest";
import type { RunEvent } from "../engine/events";
import { LlmError } from "../engine/ports";
import { testCrew } from "../engine/testing/harness";
import { rig, stepOf } from "../engine/testing/rig";
import type { Crew } from "../model";
import { emptyRunView, foldEvent, foldEvents, foldUntil } from "./runView";
import { answer, history, snapshots, viewAfter } from "./runViewFixtures";
import type { RunView } from "./runViewTypes";

describe("task and agent statuses", () => {
  it("each task goes queued → running → done; its agent runs while it runs, and the performs edge is active", async () => {
    const r = rig(answer);
    const crew = testCrew({ agents: [{}, {}], tasks: [{}, { agent: "a2" }] });
    const { events, status } = await r.run(crew);
    expect(status).toBe("completed");
    const views = snapshots(events, crew);
    expect(history(views, "t1")).toEqual(["idle", "queued", "running", "done"]);
    expect(history(views, "t2")).toEqual(["idle", "queued", "running", "done"]);
    expect(history(views, "a1")).toEqual(["idle", "running", "done"]);
    expect(history(views, "a2")).toEqual(["idle", "running", "done"]);
    for (const v of views) {
      expect(v.nodes.a1?.status === "running").toBe(v.nodes.t1?.status === "running");
      expect(v.activeEdges.includes("performs:t1:a1")).toBe(v.nodes.t1?.status === "running");
      expect(v.activeEdges.includes("performs:t2:a2")).toBe(v.nodes.t2?.status === "running");
    }
    const started = viewAfter(events, views, "task.started", "t1");
    expect(started.nodes.t1).toEqual({ status: "running", activity: "starting" });
    expect(viewAfter(events, views, "llm.request", "t1").nodes.t1?.activity).toBe("thinking");
    const final = views.at(-1) as RunView;
    expect(final).toMatchObject({ status: "completed", endedAt: events.at(-1)?.ts, seq: events.length, activeEdges: [] });
    expect(final.outputs.t2?.raw).toBe("output of step 2");
    expect(final.spans.every((s) => s.end !== undefined)).toBe(true);
  });

  it("parallel async tasks run at the same time; an agent stays running until its last task ends", async () => {
    const delays: Record<number, number> = { 1: 10, 2: 80, 3: 40, 4: 1 };
    const r = rig((req) => ({ content: answer(req), delayMs: delays[stepOf(req) ?? 4] ?? 1 }), { realDelays: true });
    const crew = testCrew({ agents: [{}, {}], tasks: [{ async: true }, { async: true }, { async: true, agent: "a2" }, {}] });
    const { events } = await r.run(crew);
    const views = snapshots(events, crew);
    const firstDone = events.findIndex((e) => e.type === "task.completed");
    const lastStart = events.findLastIndex((e, i) => e.type === "task.started" && i < firstDone);
    const busy = foldUntil(events, events[lastStart]?.seq ?? 0, crew);
    expect(["t1", "t2", "t3", "t4"].map((t) => busy.nodes[t]?.status)).toEqual(["running", "running", "running", "queued"]);
    expect(busy.nodes.a1?.status).toBe("running");
    expect(busy.nodes.a2?.status).toBe("running");
    expect(busy.activeEdges).toEqual(expect.arrayContaining(["performs:t1:a1", "performs:t2:a1", "performs:t3:a2"]));
    expect(busy.spans.filter((s) => s.kind === "task" && s.end === undefined)).toHaveLength(3);
    // t1 ends first; a1 still works on t2.
    const t1Done = viewAfter(events, views, "task.completed", "t1");
    expect(t1Done.nodes.t1?.status).toBe("done");
    expect(t1Done.nodes.a1?.status).toBe("running");
    expect(t1Done.activeEdges).not.toContain("performs:t1:a1");
    expect(viewAfter(events, views, "task.completed", "t3").nodes.a2?.status).toBe("done");
    expect(viewAfter(events, views, "task.completed", "t2").nodes.a1?.status).toBe("done");
  });
});

describe("waiting", () => {
  it("a retried call shows waiting with the delay, then running, then done", async () => {
    const r = rig([new LlmError("rate_limit", "HTTP 429", { status: 429, retryAfterMs: 7_250 }), "fine"], { kickoff: { random: () => 1 } });
    const crew = testCrew({ tasks: [{}] });
    const { events } = await r.run(crew);
    const views = snapshots(events, crew);
    const retry = viewAfter(events, views, "llm.retry");
    expect(retry.nodes.t1).toMatchObject({ status: "waiting", activity: "retrying in 7.3 s" });
    expect(retry.nodes.a1).toMatchObject({ status: "waiting", activity: "retrying in 7.3 s" });
    expect(retry.spans.find((s) => s.kind === "llm")).toMatchObject({ error: true, end: expect.any(Number) });
    expect(viewAfter(events, views, "llm.request", "t1", 1).nodes.t1).toMatchObject({ status: "running", activity: "thinking" });
    expect(history(views, "t1")).toEqual(["idle", "queued", "running", "waiting", "running", "done"]);
    expect(history(views, "a1")).toEqual(["idle", "running", "waiting", "running", "done"]);
    expect((views.at(-1) as RunView).spans.filter((s) => s.kind === "llm")).toHaveLength(2);
  });

  it("a rate-limit wait holds the caller's task, then it runs again", async () => {
    const r = rig(() => "ok");
    const crew = testCrew({ settings: { maxRpm: 1 }, tasks: [{}, {}] });
    const { events } = await r.run(crew);
    const views = snapshots(events, crew);
    const waiting = viewAfter(events, views, "ratelimit.wait");
    expect(waiting.nodes.t2).toMatchObject({ status: "waiting", activity: "rate limit: 60 s" });
    expect(waiting.nodes.a1?.status).toBe("waiting");
    expect(waiting.nodes.t1?.status).toBe("done");
    expect(history(views, "t2")).toEqual(["idle", "queued", "running", "waiting", "running", "done"]);
  });

  it("human review: waiting for the person, then running again", async () => {
    const r = rig(["draft"], { kickoff: { human: { review: async () => ({ approved: true }) } } });
    const crew = testCrew({ tasks: [{ humanInput: true }] });
    const { events } = await r.run(crew);
    const views = snapshots(events, crew);
    expect(viewAfter(events, views, "human.waiting").nodes.t1).toMatchObject({ status: "waiting", activity: "waiting for your review" });
    expect(viewAfter(events, views, "human.verdict").nodes.t1).toMatchObject({ status: "running", activity: "approved" });
    expect((views.at(-1) as RunView).nodes.t1?.status).toBe("done");
  });
});

describe("failure and cancellation", () => {
  it("a failed task shows its error on the task and its agent; the run fails and every span ends", async () => {
    const r = rig(["first", new LlmError("client", "HTTP 401: bad key", { status: 401 })]);
    const crew = testCrew({ tasks: [{}, {}] });
    const { events } = await r.run(crew);
    const view = foldEvents(events, crew);
    expect(view).toMatchObject({ status: "failed", error: expect.stringContaining("HTTP 401"), activeEdges: [] });
    expect(view.nodes.t1?.status).toBe("done");
    expect(view.nodes.t2).toMatchObject({ status: "error", error: expect.stringContaining("HTTP 401") });
    expect(view.nodes.a1).toMatchObject({ status: "error", error: expect.stringContaining("HTTP 401") });
    expect(view.spans.every((s) => s.end !== undefined)).toBe(true);
    expect(view.spans.find((s) => s.kind === "task" && s.taskId === "t2")?.error).toBe(true);
  });

  it("a failed run leaves no task queued: those that never ran show skipped", async () => {
    const r = rig([new LlmError("client", "HTTP 401: bad key", { status: 401 })]);
    const crew = testCrew({ tasks: [{}, {}] });
    const { events } = await r.run(crew);
    const view = foldEvents(events, crew);
    expect(view.status).toBe("failed");
    expect(view.nodes.t1?.status).toBe("error");
    expect(view.nodes.t2?.status).toBe("skipped");
  });

  it("a cancelled run marks work in flight and queued tasks cancelled", async () => {
    const r = rig(answer);
    const controller = new AbortController();
    let requests = 0;
    r.options.signal = controller.signal;
    r.options.onEvent = (e) => {
      if (e.type === "llm.request" && ++requests === 2) controller.abort(new Error("user pressed stop"));
    };
    const crew = testCrew({ tasks: [{}, {}, {}] });
    const { events, status } = await r.run(crew);
    expect(status).toBe("cancelled");
    const view = foldEvents(events, crew);
    expect(view).toMatchObject({ status: "cancelled", error: "user pressed stop", activeEdges: [] });
    expect(["t1", "t2", "t3", "a1"].map((id) => view.nodes[id]?.status)).toEqual(["done", "cancelled", "cancelled", "cancelled"]);
    expect(view.spans.every((s) => s.end !== undefined)).toBe(true);
  });
});

describe("folding a log", () => {
  it("is idempotent: an event folded twice, or an older one, changes nothing", async () => {
    const r = rig([{ toolCalls: [{ id: "c", name: "echo", arguments: '{"text":"x"}' }] }, "done"]);
    const crew = testCrew({ tools: [{}], agents: [{ tools: ["tool1"] }], tasks: [{}, {}] });
    const { events } = await r.run(crew);
    let view = emptyRunView(events[0]?.runId ?? "", 0);
    for (const event of events) {
      view = foldEvent(view, event, crew);
      expect(foldEvent(view, event, crew)).toBe(view);
      expect(foldEvent(view, events[0] as RunEvent, crew)).toBe(view);
    }
    expect(view).toEqual(foldEvents(events, crew));
    expect(foldEvents([...events, ...events], crew)).toEqual(view);
  });

  it("foldUntil folds up to and including a seq, as the live view was then", async () => {
    const r = rig(answer);
    const crew = testCrew({ tasks: [{}, {}] });
    const { events } = await r.run(crew);
    const views = snapshots(events, crew);
    for (const [i, event] of events.entries()) expect(foldUntil(events, event.seq, crew)).toEqual(views[i]);
    expect(foldUntil(events, 0, crew)).toEqual(emptyRunView(events[0]?.runId ?? "", events[0]?.ts ?? 0));
    expect(foldUntil(events, Number.POSITIVE_INFINITY, crew)).toEqual(foldEvents(events, crew));
  });

  it("refuses an empty log or one that does not start with run.started", async () => {
    const crew = testCrew({ tasks: [{}] });
    const { events } = await rig(answer).run(crew);
    expect(() => foldEvents([], crew)).toThrow(/no events/);
    expect(() => foldEvents(events.slice(1), crew)).toThrow(/must start with run.started, not task.queued/);
  });

  it("ignores events of another run once its own have begun", async () => {
    const crew = testCrew({ tasks: [{}] });
    const { events } = await rig(answer).run(crew);
    const view = foldUntil(events, 2, crew);
    const stranger = { ...(events[2] as RunEvent), runId: "other" };
    expect(foldEvent(view, stranger, crew)).toBe(view);
  });

  it("environment rounds show in view.round and turn tasks light their agents", async () => {
    const r = rig((req) => `turn ${req.messages.length}`);
    const base = testCrew({ agents: [{ watch: [] }, { watch: ["a1"] }], tasks: [{}], settings: { maxRounds: 3 } });
    const crew: Crew = { ...base, process: "environment" };
    const { events, status } = await r.run(crew);
    expect(status).toBe("completed");
    const views = snapshots(events, crew);
    const round2 = viewAfter(events, views, "round.started", undefined, 1);
    expect(round2.round).toBe(2);
    expect(viewAfter(events, views, "task.started", "a2-turn").nodes.a2?.status).toBe("running");
    expect((views.at(-1) as RunView).nodes.a2?.status).toBe("done");
  });
});
