import { describe, expect, it } from "vitest";
import { MANAGER_AGENT_ID, type RunEvent } from "../engine/events";
import { ReplayIndex } from "./replayIndex";
import { emptyRunView, foldBatch, foldEvents, foldUntil } from "./runView";
import { freeze, hierarchicalRun, snapshots } from "./runViewFixtures";
import type { RunView } from "./runViewTypes";

const M = MANAGER_AGENT_ID;

/** The view right after the first event that matches. */
function viewOn(events: readonly RunEvent[], views: RunView[], match: (e: RunEvent) => boolean): RunView {
  const index = events.findIndex(match);
  if (index < 0) throw new Error("no such event in the fixture");
  return views[index] as RunView;
}
/** Matches a delegation event by its delegation id. */
const is =
  (type: "delegation.started" | "delegation.finished", id: string) =>
  (e: RunEvent): boolean =>
    e.type === type && e.delegationId === id;
const delegating = (views: RunView[]) => views.map((v) => v.activeEdges.filter((id) => id.startsWith("delegates:")).join(" "));

describe("hierarchical runs and delegation", () => {
  const { crew, events } = hierarchicalRun();
  const views = snapshots(events, crew);

  it("records the manager and each delegation, open until it finishes", () => {
    expect(views[0]?.manager).toEqual({ agentId: M, role: "Crew Manager", generated: true });
    const open = viewOn(events, views, is("delegation.started", "d2"));
    expect(open.delegations).toEqual([
      { id: "d1", taskId: "t1", from: M, to: "a1", kind: "delegate", depth: 1, request: "Write the intro", start: expect.any(Number) },
      { id: "d2", taskId: "t1", from: "a1", to: "a2", kind: "ask", depth: 2, request: "How long do owls live?", start: expect.any(Number) },
    ]);
    const final = views.at(-1) as RunView;
    expect(final.delegations.map((x) => [x.id, x.output, x.end !== undefined, x.error])).toEqual([
      ["d1", "Owls live long.", true, undefined],
      ["d2", "About 20 years", true, undefined],
    ]);
  });

  it("the coworker works while the delegating agent waits; the task says who has it", () => {
    const step = viewOn(events, views, (e) => e.type === "agent.step" && e.agentId === M);
    expect(step.nodes[M]?.activity).toBe("delegating to a coworker");
    expect(viewOn(events, views, (e) => e.type === "tool.started" && e.toolCallId === "d2").nodes.a1?.activity).toBe("asking a coworker");
    const started = viewOn(events, views, is("delegation.started", "d1"));
    expect(started.nodes.a1).toEqual({ status: "running", activity: "working for Crew Manager: Write the intro" });
    expect(started.nodes[M]).toMatchObject({ status: "waiting", activity: "waiting for Writer" });
    expect(started.nodes.t1).toMatchObject({ status: "running", activity: "delegated to Writer" });
    const asked = viewOn(events, views, is("delegation.started", "d2"));
    expect(asked.nodes.a2).toEqual({ status: "running", activity: "answering a question from Writer: How long do owls live?" });
    expect(asked.nodes.a1).toMatchObject({ status: "waiting", activity: "waiting for Researcher" });
    expect(asked.nodes.t1?.activity).toBe("asking Researcher");
    const answered = viewOn(events, views, is("delegation.finished", "d2"));
    expect(answered.nodes.a2).toEqual({ status: "done", streamed: "About 20 years" });
    expect(answered.nodes.a1).toMatchObject({ status: "running", activity: "Researcher answered" });
    expect(answered.nodes.t1?.activity).toBe("delegated to Writer");
    const back = viewOn(events, views, is("delegation.finished", "d1"));
    expect(back.nodes.a1?.status).toBe("done");
    expect(back.nodes[M]).toMatchObject({ status: "running", activity: "Writer answered" });
    const final = views.at(-1) as RunView;
    expect([final.nodes[M]?.status, final.nodes.a1?.status, final.nodes.a2?.status, final.nodes.t1?.status]).toEqual([
      "done",
      "done",
      "done",
      "done",
    ]);
  });

  it("a coworker's calls stream to its own node, never to the task or the manager", () => {
    const before = viewOn(events, views, (e) => e.type === "llm.response" && e.callId === "m1");
    const streaming = viewOn(events, views, (e) => e.type === "llm.token" && e.callId === "w1");
    expect(streaming.nodes.a1).toMatchObject({ status: "running", activity: "writing", streamed: "Draft" });
    expect(streaming.nodes.t1).toEqual(viewOn(events, views, is("delegation.started", "d1")).nodes.t1);
    expect(streaming.nodes.t1?.streamed).toBe(before.nodes.t1?.streamed);
    expect(streaming.nodes[M]).toEqual({ status: "waiting", activity: "waiting for Writer", streamed: "I will delegate" });
    const nested = (views.at(-1) as RunView).spans.filter((s) => s.delegationId);
    expect(nested.map((s) => [s.kind, s.lane, s.taskId, s.delegationId])).toEqual([
      ["llm", "a1", "t1", "d1"],
      ["tool", "a1", "t1", "d1"],
      ["llm", "a2", "t1", "d2"],
      ["llm", "a1", "t1", "d1"],
    ]);
  });

  it("counts every call once to the task and once to the agent that made it", () => {
    const { nodeUsage, usage } = views.at(-1) as RunView;
    const requests = (id: string) => nodeUsage[id]?.m?.requests;
    expect([requests("t1"), requests(M), requests("a1"), requests("a2"), requests("$run")]).toEqual([5, 2, 2, 1, 5]);
    expect(usage.totalTokens).toBe(75);
  });

  it("lights the edge to the coworker while it works, and the edge back until the delegator's next event", () => {
    const index = (match: (e: RunEvent) => boolean) => events.findIndex(match);
    const edges = delegating(views);
    expect(edges[index(is("delegation.started", "d1"))]).toBe(`delegates:${M}:a1`);
    expect(edges[index(is("delegation.started", "d2"))]).toBe(`delegates:${M}:a1 delegates:a1:a2`);
    const d2Done = index(is("delegation.finished", "d2"));
    expect(edges[d2Done]).toBe(`delegates:${M}:a1 delegates:a2:a1`);
    expect(edges[d2Done + 1]).toBe(`delegates:${M}:a1 delegates:a2:a1`);
    // The Writer's next model call ends the return leg.
    expect(edges[index((e) => e.type === "llm.request" && e.callId === "w2")]).toBe(`delegates:${M}:a1`);
    const d1Done = index(is("delegation.finished", "d1"));
    expect(edges.slice(d1Done, d1Done + 2)).toEqual([`delegates:a1:${M}`, `delegates:a1:${M}`]);
    expect(edges[index((e) => e.type === "llm.request" && e.callId === "m2")]).toBe("");
    expect(edges.slice(0, index(is("delegation.started", "d1")))).toEqual(Array(index(is("delegation.started", "d1"))).fill(""));
  });

  it("folds the same in a batch, one by one, twice, and in a replay", () => {
    const oneByOne = views.at(-1) as RunView;
    const start = () => freeze(emptyRunView(events[0]?.runId ?? "", 0));
    expect(foldBatch(start(), events, crew)).toEqual(oneByOne);
    expect(foldBatch(foldBatch(start(), events.slice(0, 13), crew), events.slice(13), crew)).toEqual(oneByOne);
    expect(foldEvents([...events, ...events], crew)).toEqual(oneByOne);
    const replay = new ReplayIndex(events, crew);
    for (const [i, event] of events.entries()) {
      expect(foldUntil(events, event.seq, crew)).toEqual(views[i]);
      expect(replay.viewAt(i)).toEqual(views[i]);
    }
  });

  it("a coworker that fails shows the error; a run cut short ends its open delegations", () => {
    const failedAt = events.findIndex(is("delegation.finished", "d2"));
    const failing = events.map((e, i) =>
      i === failedAt && e.type === "delegation.finished" ? { ...e, output: "", error: "no idea" } : e,
    ) as RunEvent[];
    const view = foldUntil(failing, failing[failedAt]?.seq ?? 0, crew);
    expect(view.nodes.a2).toMatchObject({ status: "error", error: "no idea" });
    expect(view.nodes.a1?.activity).toBe("Researcher could not answer");
    expect(view.delegations[1]).toMatchObject({ error: "no idea", end: expect.any(Number) });

    const cut = events.slice(0, events.findIndex(is("delegation.started", "d2")) + 1);
    const stopped = foldEvents([...cut, { ...cancel, seq: cut.length + 1, ts: 9_999 }], crew);
    expect(stopped.delegations.map((x) => [x.end, x.error])).toEqual([
      [9_999, "the run ended before the coworker answered"],
      [9_999, "the run ended before the coworker answered"],
    ]);
    expect(stopped.activeEdges).toEqual([]);
    expect([stopped.nodes.a1?.status, stopped.nodes.a2?.status, stopped.nodes[M]?.status]).toEqual(["cancelled", "cancelled", "cancelled"]);
    // A saved run whose tab closed mid-delegation replays to an interrupted view with the delegations ended.
    const interrupted = new ReplayIndex(cut, crew, true).viewAt(cut.length - 1);
    expect(interrupted.status).toBe("interrupted");
    expect(interrupted.delegations.every((x) => x.end !== undefined && x.error !== undefined)).toBe(true);
  });

  it("a pause between a coworker's steps holds the coworker, not the waiting manager", () => {
    const at = events.findIndex((e) => e.type === "llm.response" && e.callId === "r1");
    const seq = (events[at] as RunEvent).seq;
    const paused = foldEvents([...events.slice(0, at + 1), { runId: "run-1", seq: seq + 1, ts: 5_000, type: "run.paused" }], crew);
    expect(paused.nodes.a2).toMatchObject({ status: "waiting", activity: "paused" });
    expect(paused.nodes.t1).toMatchObject({ status: "waiting", activity: "paused" });
    expect(paused.nodes[M]).toMatchObject({ status: "waiting", activity: "waiting for Writer" });
    expect(paused.nodes.a1).toMatchObject({ status: "waiting", activity: "waiting for Researcher" });
  });
});

const cancel: RunEvent = {
  runId: "run-1",
  seq: 0,
  ts: 0,
  type: "run.cancelled",
  reason: "stopped",
  usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0, requests: 0, estimated: false },
  durationMs: 1,
};
