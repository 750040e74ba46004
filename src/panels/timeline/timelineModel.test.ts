import { describe, expect, it } from "vitest";
import { systemClock } from "../../engine/ports";
import { testCrew } from "../../engine/testing/harness";
import { rig } from "../../engine/testing/rig";
import { emptyRunView, foldEvents, type RunView, type Span } from "../../store";
import {
  formatDuration,
  formatStats,
  layoutTimeline,
  peakOverlap,
  tickStep,
  timelineModel,
  timelineRange,
  timelineStats,
  timelineTicks,
} from "./timelineModel";

const T0 = 1_000_000;

let nextId = 0;
/** A span at offsets (ms) from T0; `end: null` leaves it open. */
function span(
  kind: Span["kind"],
  lane: string,
  taskId: string | undefined,
  start: number,
  end: number | null,
  extra: Partial<Span> = {},
): Span {
  return {
    id: `${kind}:${++nextId}`,
    kind,
    lane,
    ...(taskId ? { taskId } : {}),
    label: kind === "task" ? (taskId ?? "?") : kind === "llm" ? "test-model" : "echo",
    start: T0 + start,
    ...(end === null ? {} : { end: T0 + end }),
    ...extra,
  };
}

function view(spans: Span[], fields: Partial<RunView> = {}): RunView {
  return { ...emptyRunView("run-1", T0), spans, ...fields };
}

const crew = testCrew({
  agents: [
    { id: "a1", role: "Researcher" },
    { id: "a2", role: "  " },
  ],
  tasks: [{ id: "t1", name: "Research" }, { id: "t2" }, { id: "t3", agent: "a2" }, { id: "solo", name: "Solo" }],
});

const rowsOf = (spans: Span[]) => {
  const layout = layoutTimeline(spans, crew);
  return new Map(layout.bars.map((b) => [b.span, b.row]));
};

describe("layoutTimeline", () => {
  it("makes one lane per agent in order of first appearance, named by role, else id; tasks without agent and the crew get their own", () => {
    const { lanes } = layoutTimeline(
      [
        span("llm", "crew", undefined, 0, 5),
        span("task", "a2", "t3", 10, 50),
        span("task", "a1", "t1", 20, 60),
        span("task", "solo", "solo", 30, 40),
        span("task", "ghost", "t2", 35, 40),
        span("task", "t9", "t9", 36, 40),
      ],
      crew,
    );
    expect(lanes.map((l) => [l.id, l.name, l.kind])).toEqual([
      ["crew", "Crew", "crew"],
      ["a2", "a2", "agent"],
      ["a1", "Researcher", "agent"],
      ["solo", "Solo", "task"],
      ["ghost", "ghost", "agent"],
      ["t9", "t9", "task"],
    ]);
  });

  it("puts calls on their task's row, and stacks overlapping tasks and calls of one lane on sub-rows", () => {
    const t1 = span("task", "a1", "t1", 0, 100);
    const t2 = span("task", "a1", "t2", 10, 90);
    const c1 = span("llm", "a1", "t1", 0, 40);
    const c2 = span("llm", "a1", "t2", 10, 50);
    const tool = span("tool", "a1", "t1", 40, 45);
    const c3 = span("llm", "a1", "t1", 45, 100);
    const rows = rowsOf([t1, t2, c1, c2, tool, c3]);
    expect([t1, c1, tool, c3].map((s) => rows.get(s))).toEqual([0, 0, 0, 0]);
    expect([t2, c2].map((s) => rows.get(s))).toEqual([1, 1]);
    expect(layoutTimeline([t1, t2, c1, c2], crew).lanes[0]?.rows).toBe(2);
  });

  it("gives parallel calls of one task extra rows that cover no other task's bar", () => {
    const t1 = span("task", "a1", "t1", 0, 100);
    const t2 = span("task", "a1", "t2", 0, 20);
    const a = span("tool", "a1", "t1", 30, 60);
    const b = span("tool", "a1", "t1", 30, 60);
    const c = span("tool", "a1", "t1", 30, 60);
    const rows = rowsOf([t1, t2, a, b, c]);
    // Row 1 is free once t2 ended, so b goes there; c needs a third row.
    expect([a, b, c].map((s) => rows.get(s))).toEqual([0, 1, 2]);
  });

  it("reuses a row once the bar on it ended, and treats open bars as still running", () => {
    const first = span("task", "a1", "t1", 0, 10);
    const second = span("task", "a1", "t2", 10, 20);
    expect([first, second].map((s) => rowsOf([first, second]).get(s))).toEqual([0, 0]);
    const open = span("task", "a1", "t1", 0, null);
    const later = span("task", "a1", "t2", 500, 600);
    expect(rowsOf([open, later]).get(later)).toBe(1);
  });

  it("lists task bars before calls, so calls are drawn on top", () => {
    const { bars } = layoutTimeline(
      [span("llm", "a1", "t1", 0, 5), span("task", "a1", "t1", 0, 10), span("task", "a2", "t3", 0, 10)],
      crew,
    );
    expect(bars.map((b) => b.span.kind)).toEqual(["task", "task", "llm"]);
  });
});

describe("timelineStats", () => {
  it("adds up calls for serial time, divides by wall time and counts model calls in flight", () => {
    const spans = [
      span("task", "a1", "t1", 0, 1000),
      span("task", "a2", "t3", 0, 1000),
      span("llm", "a1", "t1", 0, 600),
      span("llm", "a2", "t3", 100, 700),
      span("tool", "a1", "t1", 600, 800),
      span("llm", "a2", "t3", 700, 1000),
    ];
    const stats = timelineStats(view(spans, { endedAt: T0 + 1000 }), T0 + 5000);
    expect(stats).toEqual({ wallMs: 1000, serialMs: 600 + 600 + 200 + 300, speedup: 1.7, peakConcurrency: 2 });
    expect(formatStats(stats)).toBe("Wall 1.0 s · Serial 1.7 s · Speedup 1.7× · up to 2 calls at once");
  });

  it("measures open spans and an unfinished run up to now", () => {
    const spans = [span("llm", "a1", "t1", 0, null), span("llm", "a2", "t3", 500, null), span("tool", "a1", "t1", 0, 200)];
    const stats = timelineStats(view(spans), T0 + 2000);
    expect(stats).toMatchObject({ wallMs: 2000, serialMs: 2000 + 1500 + 200, peakConcurrency: 2 });
  });

  it("stops the clock at the last known moment of a run that ended without an end event", () => {
    const cut = view([span("task", "a1", "t1", 0, null), span("llm", "a1", "t1", 0, 300), span("llm", "a1", "t1", 400, null)], {
      status: "failed",
    });
    expect(timelineStats(cut, T0 + 60_000)).toMatchObject({ wallMs: 400, serialMs: 300 });
    expect(timelineRange(cut, T0 + 60_000)).toEqual({ start: T0, end: T0 + 400 });
  });

  it("shows a dash for the speedup when no time has passed", () => {
    const stats = timelineStats(view([span("llm", "a1", "t1", 0, null)]), T0);
    expect(stats.speedup).toBeNull();
    expect(formatStats(stats)).toBe("Wall 0 ms · Serial 0 ms · Speedup — · up to 1 call at once");
  });

  it("does not count a call starting as another ends as concurrent", () => {
    expect(
      peakOverlap([
        { start: 0, end: 10 },
        { start: 10, end: 20 },
        { start: 20, end: 30 },
      ]),
    ).toBe(1);
    expect(peakOverlap([])).toBe(0);
  });
});

describe("timelineRange and ticks", () => {
  it("runs from the run's start to its end, or to now while it runs", () => {
    expect(timelineRange(view([span("llm", "a1", "t1", 0, 50)], { endedAt: T0 + 100 }), T0 + 999)).toEqual({ start: T0, end: T0 + 100 });
    expect(timelineRange(view([span("llm", "a1", "t1", 0, null)]), T0 + 300)).toEqual({ start: T0, end: T0 + 300 });
    expect(timelineRange(view([]), T0)).toEqual({ start: T0, end: T0 + 1 });
  });

  it("steps 1-2-5 in ms, s and min with labels in the step's unit", () => {
    expect([80, 1200, 9000, 45_000, 130_000, 20 * 60_000].map((ms) => tickStep(ms))).toEqual([20, 200, 2000, 10_000, 30_000, 5 * 60_000]);
    expect(timelineTicks(1200).map((t) => t.label)).toEqual(["0", "200 ms", "400 ms", "600 ms", "800 ms", "1 s", "1.2 s"]);
    expect(timelineTicks(130_000).map((t) => t.label)).toEqual(["0", "30 s", "1 min", "1 min 30 s", "2 min"]);
    expect(timelineTicks(0)).toEqual([{ at: 0, label: "0" }]);
  });

  it("formats durations with one decimal in seconds", () => {
    expect([850, 12_345, 31_000, 59_990, 125_000].map(formatDuration)).toEqual(["850 ms", "12.3 s", "31.0 s", "1 min", "2 min 5 s"]);
  });
});

describe("a real parallel run", () => {
  it("folds into stacked bars for one agent's concurrent tasks and counts the calls in flight", async () => {
    const r = rig(() => ({ content: "done", delayMs: 40 }), { realDelays: true, kickoff: { clock: systemClock } });
    const parallel = testCrew({
      agents: [{ id: "a1" }, { id: "a2" }],
      tasks: [{ async: true }, { async: true }, { async: true, agent: "a2" }, { agent: "a2", context: ["t1", "t2", "t3"] }],
    });
    const { events } = await r.run(parallel);
    const folded = foldEvents(events, parallel);
    const model = timelineModel(folded, parallel, Date.now());
    expect(model.lanes.map((l) => [l.name, l.rows])).toEqual([
      ["Role 1", 2],
      ["Role 2", 1],
    ]);
    const bars = (taskId: string) => model.bars.filter((b) => b.span.taskId === taskId).map((b) => b.row);
    expect(new Set([...bars("t1"), ...bars("t2")])).toEqual(new Set([0, 1]));
    expect(model.stats.peakConcurrency).toBe(3);
    expect(model.stats.speedup).toBeGreaterThan(1.3);
  });

  it("a hierarchical run's calls land in the lane of whoever made them: the manager's, then the coworker's", async () => {
    const delegate = {
      toolCalls: [{ id: "d1", name: "delegate_work_to_coworker", arguments: '{"task":"Write it","context":"-","coworker":"Writer"}' }],
    };
    const r = rig([delegate, "The draft.", "Final: the draft."]);
    const crew = { ...testCrew({ agents: [{ role: "Writer" }], tasks: [{ agent: undefined }] }), process: "hierarchical" as const };
    const { events } = await r.run(crew);
    const folded = foldEvents(events, crew);
    expect(folded.delegations.map((d) => [d.from, d.to])).toEqual([["$manager", "a1"]]);
    const model = timelineModel(folded, crew, Date.now());
    expect(model.lanes.map((l) => [l.id, l.name])).toEqual([
      ["$manager", "Crew Manager"],
      ["a1", "Writer"],
    ]);
    const calls = (lane: string) => model.bars.filter((b) => b.span.kind === "llm" && b.span.lane === lane).length;
    expect([calls("$manager"), calls("a1")]).toEqual([2, 1]);
  });
});
