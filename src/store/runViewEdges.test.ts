import { describe, expect, it } from "vitest";
import { testCrew } from "../engine/testing/harness";
import { rig } from "../engine/testing/rig";
import { emptyRunView, foldEvent, foldUntil, STREAM_CAP } from "./runView";
import { answer, snapshots, viewAfter } from "./runViewFixtures";
import type { RunView } from "./runViewTypes";

describe("tools and edges", () => {
  const echo = (id: string, name = "echo", text = "hi") => ({ toolCalls: [{ id, name, arguments: JSON.stringify({ text }) }] });

  it("the tool node and its uses edge are active during the call; a failing call marks only its span", async () => {
    const r = rig([echo("c1"), echo("c2", "fail"), "done"]);
    const crew = testCrew({ tools: [{}, { name: "fail" }], agents: [{ tools: ["tool1", "tool2"] }], tasks: [{}] });
    const { events } = await r.run(crew);
    const views = snapshots(events, crew);
    const during = viewAfter(events, views, "tool.started");
    expect(during.nodes.tool1?.status).toBe("running");
    expect(during.activeEdges).toContain("uses:tool1:a1");
    expect(during.nodes.t1?.activity).toBe("using echo");
    expect(during.spans.at(-1)).toMatchObject({ kind: "tool", label: "echo", lane: "a1", taskId: "t1" });
    expect(during.spans.at(-1)?.end).toBeUndefined();
    const done = viewAfter(events, views, "tool.finished");
    expect(done.nodes.tool1?.status).toBe("done");
    expect(done.activeEdges).not.toContain("uses:tool1:a1");
    expect(done.spans.find((s) => s.kind === "tool")?.end).toBeDefined();
    const failed = viewAfter(events, views, "tool.finished", undefined, 1);
    expect(failed.nodes.tool2?.status).toBe("done");
    expect(failed.spans.filter((s) => s.kind === "tool").map((s) => s.error ?? false)).toEqual([false, true]);
    expect(viewAfter(events, views, "agent.step").nodes.t1?.activity).toBe("calling echo");
  });

  it("maps suffixed duplicate names and task-level tools to the right tool and edge", async () => {
    const r = rig([echo("c1", "echo_2"), "done"]);
    const crew = testCrew({ tools: [{}, {}], tasks: [{ tools: ["tool1", "tool2"] }] });
    const { events } = await r.run(crew);
    const view = foldUntil(events, events.find((e) => e.type === "tool.started")?.seq ?? 0, crew);
    expect(view.nodes.tool2?.status).toBe("running");
    expect(view.nodes.tool1).toBeUndefined();
    expect(view.activeEdges).toContain("uses:tool2:t1");
  });

  it("context edges are active from the task's start until its first model answer", async () => {
    const r = rig(answer);
    const crew = testCrew({ tasks: [{ name: "Research" }, {}, { context: ["t1", "t2"] }] });
    const { events } = await r.run(crew);
    const views = snapshots(events, crew);
    const started = viewAfter(events, views, "task.started", "t3");
    expect(started.activeEdges).toEqual(expect.arrayContaining(["performs:t3:a1", "context:t1:t3", "context:t2:t3"]));
    const answered = views[events.findIndex((e) => e.type === "llm.response" && e.parentId === "t3")] as RunView;
    expect(answered.activeEdges).toEqual(["performs:t3:a1"]);
    // No declared context, no context edge.
    expect(viewAfter(events, views, "task.started", "t2").activeEdges).toEqual(["performs:t2:a1"]);
  });
});

describe("streaming, spans and usage", () => {
  it("streamed text accumulates on the task and the agent while writing", async () => {
    const r = rig(["The answer is forty-two."], { provider: { tokenChunks: 6 } });
    const crew = testCrew({ tasks: [{}] });
    const { events } = await r.run(crew);
    const views = snapshots(events, crew);
    const writing = viewAfter(events, views, "llm.token", undefined, 2);
    expect(writing.nodes.t1?.activity).toBe("writing");
    expect("The answer is forty-two.".startsWith(writing.nodes.t1?.streamed ?? "x")).toBe(true);
    const answered = viewAfter(events, views, "llm.response");
    expect(answered.nodes.t1).toMatchObject({ streamed: "The answer is forty-two.", activity: "thinking" });
    expect(answered.nodes.a1?.streamed).toBe("The answer is forty-two.");
  });

  it("spans open and close with their tokens; usage adds up per response and ends with the run's", async () => {
    const r = rig([
      { content: "one", usage: { promptTokens: 10, completionTokens: 5 } },
      { content: "two", usage: { promptTokens: 20, completionTokens: 7 } },
    ]);
    const crew = testCrew({ tasks: [{ name: "First" }, {}] });
    const { events, usage } = await r.run(crew);
    const views = snapshots(events, crew);
    const open = viewAfter(events, views, "llm.request", "t1");
    expect(open.spans).toEqual([
      expect.objectContaining({ kind: "task", lane: "a1", taskId: "t1", label: "First" }),
      expect.objectContaining({ kind: "llm", lane: "a1", taskId: "t1", label: "test-model" }),
    ]);
    expect(open.spans.map((s) => s.end)).toEqual([undefined, undefined]);
    const first = viewAfter(events, views, "llm.response");
    expect(first.spans[1]).toMatchObject({ tokens: 15, end: expect.any(Number) });
    expect(first.usage).toEqual({ promptTokens: 10, completionTokens: 5, totalTokens: 15, requests: 1, estimated: false });
    const final = views.at(-1) as RunView;
    expect(final.spans.filter((s) => s.kind === "task").map((s) => s.tokens)).toEqual([15, 27]);
    expect(final.usage).toEqual(usage);
    expect(final.usage.totalTokens).toBe(42);
  });

  it("10,000 token events fold quickly, copy no span array and keep only the last characters", async () => {
    const text = Array.from({ length: 20_000 }, (_, i) => String.fromCharCode(97 + (i % 26))).join("");
    const r = rig([text], { provider: { tokenChunks: 10_000 } });
    const crew = testCrew({ tasks: [{}] });
    const { events } = await r.run(crew);
    const tokens = events.filter((e) => e.type === "llm.token");
    expect(tokens).toHaveLength(10_000);
    let view = emptyRunView(events[0]?.runId ?? "", 0);
    for (const event of events) {
      const before = view;
      view = foldEvent(view, event, crew);
      if (event.type === "llm.token") {
        expect(view.spans).toBe(before.spans);
        expect(view.nodes.t1?.streamed?.length ?? 0).toBeLessThanOrEqual(STREAM_CAP);
      }
    }
    for (const id of ["t1", "a1"]) {
      const kept = view.nodes[id]?.streamed ?? "";
      expect(kept.length).toBeGreaterThanOrEqual(STREAM_CAP / 2);
      expect(text.endsWith(kept)).toBe(true);
    }
    expect(view.status).toBe("completed");
  });
});
