import { describe, expect, it } from "vitest";
import type { RunEvent } from "../engine/events";
import { testCrew } from "../engine/testing/harness";
import { rig } from "../engine/testing/rig";
import type { Crew } from "../model";
import { foldBatch, foldEvents, foldUntil } from "./runView";
import { handLog, plannedRun, snapshots, viewAfter } from "./runViewFixtures";
import { reactionsFor } from "./runViewRounds";
import type { RunView } from "./runViewTypes";

/** The brainstorm room in small: Alex opens; each watches the other two. */
function room(): Crew {
  const crew = testCrew({
    agents: [
      { id: "alex", role: "Alex", watch: ["bob", "chalice"] },
      { id: "bob", role: "Bob", watch: ["alex", "chalice"] },
      { id: "chalice", role: "Chalice", watch: ["alex", "bob"] },
    ],
    tasks: [{ agent: "alex" }, { agent: "bob" }, { agent: "chalice" }],
    settings: { maxRounds: 3 },
  });
  return { ...crew, process: "environment" };
}

const watching = (view: RunView) => view.activeEdges.filter((id) => id.startsWith("watches:")).sort();

describe("environment rounds", () => {
  it("records rounds and messages, and lights who reacts to whom round by round", async () => {
    const crew = room();
    const { events, status } = await rig((req) => `turn ${req.messages.length}`).run(crew);
    expect(status).toBe("completed");
    const views = snapshots(events, crew);
    const final = views.at(-1) as RunView;
    expect(final.rounds.map((r) => [r.round, r.agents])).toEqual([
      [1, ["alex"]],
      [2, ["bob", "chalice"]],
      [3, ["alex", "bob", "chalice"]],
    ]);
    const starts = events.filter((e) => e.type === "round.started").map((e) => e.ts);
    expect(final.rounds.map((r) => [r.start, r.end])).toEqual([
      [starts[0], starts[1]],
      [starts[1], starts[2]],
      [starts[2], events.at(-1)?.ts],
    ]);
    expect(final.messages.map((m) => [m.round, m.from, m.cause])).toEqual([
      [0, "user", "inputs"],
      [1, "alex", "t1"],
      [2, "bob", "t2"],
      [2, "chalice", "t3"],
      [3, "alex", "t1"],
      [3, "bob", "t2"],
      [3, "chalice", "t3"],
    ]);
    const id = (from: string, round: number) => final.messages.find((m) => m.from === from && m.round === round)?.id;
    expect(final.rounds.map((r) => r.reactsTo)).toEqual([
      { alex: [id("user", 0)] },
      { bob: [id("alex", 1)], chalice: [id("alex", 1)] },
      { alex: [id("bob", 2), id("chalice", 2)], bob: [id("chalice", 2)], chalice: [id("bob", 2)] },
    ]);
    // Alex answers the user, whom nobody watches: no watch edge in round 1.
    expect(watching(viewAfter(events, views, "round.started"))).toEqual([]);
    expect(watching(viewAfter(events, views, "round.started", undefined, 1))).toEqual(["watches:bob:alex", "watches:chalice:alex"]);
    expect(watching(viewAfter(events, views, "round.started", undefined, 2))).toEqual([
      "watches:alex:bob",
      "watches:alex:chalice",
      "watches:bob:chalice",
      "watches:chalice:bob",
    ]);
    // Lit for the whole round: still on when the round's last message is published, off at the end.
    const lastMessage = views[events.findLastIndex((e) => e.type === "message.published")] as RunView;
    expect(watching(lastMessage)).toHaveLength(4);
    expect(final.activeEdges).toEqual([]);
    expect(foldBatch(views[0] as RunView, events, crew)).toEqual(final);
    for (const [i, event] of events.entries()) expect(foldUntil(events, event.seq, crew)).toEqual(views[i]);
    // A log saved before round.started named the reactions folds to the same: they are worked out from the watch lists.
    const older = events.map((e) => (e.type === "round.started" ? { ...e, reactsTo: undefined } : e));
    expect(older.some((e) => e.type === "round.started" && e.reactsTo)).toBe(false);
    expect(foldEvents(older, crew)).toEqual(final);
  });

  it("takes the reactions from the log when round.started carries them, and keeps addressees", () => {
    const crew = room();
    const { events, emit } = handLog();
    emit({ type: "run.started", crew: crew.name, process: "environment", inputs: {}, tasks: [] });
    emit({ type: "message.published", messageId: "m0", round: 0, from: "user", cause: "inputs", to: "all", content: "Go" });
    emit({ type: "message.published", messageId: "m1", round: 0, from: "bob", cause: "t2", to: ["alex"], content: "Hi Alex" });
    emit({ type: "round.started", round: 1, agents: ["alex"], reactsTo: { alex: ["m1"] } });
    const view = foldEvents(events, crew);
    expect(view.rounds).toEqual([{ round: 1, agents: ["alex"], reactsTo: { alex: ["m1"] }, start: events.at(-1)?.ts }]);
    expect(view.messages[1]).toMatchObject({ id: "m1", to: ["alex"], content: "Hi Alex" });
    expect(view.messages[0]?.to).toBeUndefined();
    expect(view.activeEdges).toEqual(["watches:alex:bob"]);
    expect(view.round).toBe(1);
  });

  it("works out reactions: a watched sender's message addressed to others is not heard, nor an unwatched sender's", () => {
    const crew = room();
    const messages = [
      { id: "u", round: 0, from: "user", cause: "inputs" },
      { id: "x", round: 1, from: "alex", cause: "t1", to: ["chalice"] },
      { id: "y", round: 1, from: "someone", cause: "elsewhere", to: ["bob"] },
      { id: "z", round: 2, from: "chalice", cause: "t3" },
    ];
    const rounds = [{ round: 1, agents: ["alex"] }];
    expect(reactionsFor(crew, messages, rounds, 2, ["bob", "chalice", "alex"])).toEqual({ bob: [], chalice: ["x"], alex: [] });
    // Alex acted in round 1: from then on it hears what it watches, and the user's opening no longer counts.
    expect(reactionsFor(crew, messages, rounds, 3, ["alex", "bob"])).toEqual({ alex: ["z"], bob: ["z"] });
  });
});

describe("planning and conditions", () => {
  const { crew, events } = plannedRun();
  const views = snapshots(events, crew);
  const final = views.at(-1) as RunView;

  it("keeps each task's plan", () => {
    expect(viewAfter(events, views, "plan.created").plans).toEqual({ t1: "1. plan t1", t2: "1. plan t2", t3: "1. plan t3" });
    expect(final.plans.t3).toBe("1. plan t3");
  });

  it("keeps the verdicts; a skipped task shows skipped with its reason, and the check call leaves no one busy", () => {
    expect(final.conditions).toEqual({
      t2: { passed: false, reason: "no owls in the draft", kind: "rule" },
      t3: { passed: true, reason: "$.ok is true", kind: "jsonPath" },
    });
    const checking = views[events.findIndex((e) => e.type === "llm.request" && e.callId === "v2")] as RunView;
    expect(checking.nodes.a1?.status).toBe("running");
    const checked = viewAfter(events, views, "condition.checked", "t2");
    expect(checked.nodes.t2).toEqual({ status: "queued", activity: "condition not met: no owls in the draft" });
    expect(checked.nodes.a1).toEqual({ status: "done" });
    const skipped = viewAfter(events, views, "task.skipped", "t2");
    expect(skipped.nodes.t2).toEqual({ status: "skipped", activity: "condition not met: no owls in the draft" });
    expect(final.nodes.t2?.status).toBe("skipped");
    expect(viewAfter(events, views, "condition.checked", "t3").nodes.t3).toEqual({
      status: "queued",
      activity: "condition met: $.ok is true",
    });
    expect(final.nodes.t3?.status).toBe("done");
    // The verdict call counts to the conditional task.
    expect(final.nodeUsage.t2?.m?.requests).toBe(1);
  });

  it("folds the same in one batch and in a replay", () => {
    expect(foldBatch(views[0] as RunView, events.slice(1) as RunEvent[], crew)).toEqual(final);
    for (const [i, event] of events.entries()) expect(foldUntil(events, event.seq, crew)).toEqual(views[i]);
  });
});
