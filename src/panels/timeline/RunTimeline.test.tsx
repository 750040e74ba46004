// @vitest-environment jsdom
import { cleanup, fireEvent, render, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { testCrew } from "../../engine/testing/harness";
import { emptyRunView, type RunView, type Span } from "../../store";
import { RunTimeline } from "./RunTimeline";

afterEach(cleanup);

const T0 = 1_000_000;
const crew = testCrew({
  agents: [
    { id: "a1", role: "Researcher" },
    { id: "a2", role: "Writer" },
  ],
  tasks: [
    { id: "t1", name: "Dig" },
    { id: "t2", name: "Dig more" },
    { id: "t3", agent: "a2", name: "Write" },
    { id: "t4", agent: undefined },
  ],
});

function span(
  id: string,
  kind: Span["kind"],
  lane: string,
  taskId: string,
  start: number,
  end: number | null,
  extra: Partial<Span> = {},
): Span {
  const label = kind === "task" ? (crew.tasks.find((t) => t.id === taskId)?.name ?? taskId) : kind === "llm" ? "test-model" : "echo";
  return { id, kind, lane, taskId, label, start: T0 + start, ...(end === null ? {} : { end: T0 + end }), ...extra };
}

/** Researcher runs two tasks at once (their model calls overlap), Writer one, and a task without agent has its own lane. */
const SPANS: Span[] = [
  span("task:t1", "task", "a1", "t1", 0, 8000, { tokens: 900 }),
  span("task:t2", "task", "a1", "t2", 0, 6000),
  span("task:t3", "task", "a2", "t3", 1000, 12_300),
  span("llm:1", "llm", "a1", "t1", 0, 4000, { tokens: 500 }),
  span("llm:2", "llm", "a1", "t2", 0, 6000, { tokens: 400 }),
  span("llm:3", "llm", "a2", "t3", 1000, 9000),
  span("tool:1", "tool", "a1", "t1", 4000, 5000, { error: true }),
  span("llm:4", "llm", "a1", "t1", 5000, 8000),
  span("task:t4", "task", "t4", "t4", 9000, 12_300),
  span("llm:5", "llm", "t4", "t4", 9000, 12_300),
];
const done: RunView = { ...emptyRunView("run-1", T0), status: "completed", endedAt: T0 + 12_300, spans: SPANS };

const root = (container: HTMLElement) => within(container).getByLabelText("Timeline");
const bars = (container: HTMLElement, selector = "") => [...container.querySelectorAll<HTMLElement>(`.timeline__bar${selector}`)];

describe("RunTimeline", () => {
  it("shows an empty state before any span", () => {
    const { container } = render(<RunTimeline view={emptyRunView("run-1", T0)} crew={crew} now={T0} />);
    expect(root(container).textContent).toBe("The timeline fills in as the crew runs");
    expect(bars(container)).toHaveLength(0);
  });

  it("draws one lane per agent and per agent-less task, with a bar for every span", () => {
    const { container } = render(<RunTimeline view={done} crew={crew} now={T0 + 99_000} />);
    expect([...container.querySelectorAll(".timeline__label")].map((l) => l.textContent)).toEqual(["Researcher", "Writer", "t4"]);
    expect([...container.querySelectorAll(".timeline__lane")].map((l) => l.getAttribute("data-lane"))).toEqual(["a1", "a2", "t4"]);
    expect(bars(container)).toHaveLength(SPANS.length);
    expect(bars(container, "[data-kind='task']")).toHaveLength(4);
    expect(bars(container, "[data-kind='llm']")).toHaveLength(5);
    expect(bars(container, "[data-kind='tool'][data-task='t1'][data-lane='a1']")).toHaveLength(1);
    // Task bars come first in each lane, so calls paint over them.
    const a1 = bars(container, "[data-lane='a1']").map((b) => b.dataset.kind);
    expect(a1.slice(0, 2)).toEqual(["task", "task"]);
  });

  it("states wall time, serial time, speedup and peak concurrency", () => {
    const { container } = render(<RunTimeline view={done} crew={crew} now={T0 + 99_000} />);
    // Serial: 4 + 6 + 8 + 1 (tool) + 3 + 3.3 s of calls.
    expect(container.querySelector(".timeline__stats")?.textContent).toBe(
      "Wall 12.3 s · Serial 25.3 s · Speedup 2.1× · up to 3 calls at once",
    );
    expect(root(container).getAttribute("data-peak-concurrency")).toBe("3");
  });

  it("stacks overlapping calls of one lane on separate rows and keeps calls on their task's row", () => {
    const { container } = render(<RunTimeline view={done} crew={crew} now={T0 + 99_000} />);
    const llm = bars(container, "[data-kind='llm'][data-lane='a1']");
    const rows = llm.map((b) => [b.dataset.task, b.dataset.row]);
    expect(rows).toEqual([
      ["t1", "0"],
      ["t2", "1"],
      ["t1", "0"],
    ]);
    expect(container.querySelector(".timeline__lane[data-lane='a1']")?.getAttribute("data-rows")).toBe("2");
    expect(container.querySelector(".timeline__lane[data-lane='a2']")?.getAttribute("data-rows")).toBe("1");
  });

  it("positions bars in milliseconds from the run's start and marks errors", () => {
    const { container } = render(<RunTimeline view={done} crew={crew} now={T0 + 99_000} />);
    expect(root(container).style.getPropertyValue("--tl-range")).toBe("12300");
    const tool = bars(container, "[data-kind='tool']")[0] as HTMLElement;
    expect([tool.style.getPropertyValue("--tl-s"), tool.style.getPropertyValue("--tl-d")]).toEqual(["4000", "1000"]);
    expect(tool.classList.contains("timeline__bar--error")).toBe(true);
    expect(tool.title).toBe("echo · tool call · 1.0 s · failed");
    const task = bars(container, "[data-kind='task'][data-task='t1']")[0] as HTMLElement;
    expect(task.title).toBe("Dig · task · 8.0 s · 900 tokens");
    expect(task.getAttribute("aria-label")).toBe(task.title);
    expect([...container.querySelectorAll(".timeline__tick")].map((t) => t.textContent)).toEqual(["0", "5 s", "10 s"]);
  });

  it("selects the task when a bar is clicked, and the agent from its lane label", () => {
    const onSelectNode = vi.fn();
    const { container } = render(<RunTimeline view={done} crew={crew} now={T0} onSelectNode={onSelectNode} />);
    fireEvent.click(bars(container, "[data-kind='llm'][data-task='t2']")[0] as HTMLElement);
    fireEvent.click(bars(container, "[data-kind='task'][data-task='t3']")[0] as HTMLElement);
    fireEvent.click(container.querySelector(".timeline__label-button") as HTMLElement);
    expect(onSelectNode.mock.calls).toEqual([["t2"], ["t3"], ["a1"]]);
  });

  it("extends running bars to now and updates them as the clock moves", () => {
    const running: RunView = {
      ...emptyRunView("run-1", T0),
      spans: [
        span("task:t3", "task", "a2", "t3", 0, null),
        span("llm:1", "llm", "a2", "t3", 0, 1000),
        span("llm:2", "llm", "a2", "t3", 1000, null),
      ],
    };
    const { container, rerender } = render(<RunTimeline view={running} crew={crew} now={T0 + 2000} />);
    const open = () => bars(container, "[data-open]");
    expect(open().map((b) => b.dataset.kind)).toEqual(["task", "llm"]);
    expect(open()[1]?.title).toBe("test-model · model call · running 1.0 s");
    expect(container.querySelector(".timeline__stats")?.textContent).toBe(
      "Wall 2.0 s · Serial 2.0 s · Speedup 1.0× · up to 1 call at once",
    );
    rerender(<RunTimeline view={running} crew={crew} now={T0 + 4500} />);
    expect(open()[1]?.style.getPropertyValue("--tl-d")).toBe("3500");
    expect(open()[1]?.title).toBe("test-model · model call · running 3.5 s");
    expect(root(container).style.getPropertyValue("--tl-range")).toBe("4500");
  });

  it("fades, rather than animates, bars a run left open when it stopped without an end event", () => {
    const cut: RunView = { ...emptyRunView("run-1", T0), status: "failed", spans: [span("task:t3", "task", "a2", "t3", 0, null)] };
    const { container } = render(<RunTimeline view={cut} crew={crew} now={T0 + 60_000} />);
    const bar = bars(container)[0] as HTMLElement;
    expect(bar.className).toContain("timeline__bar--cut");
    expect(bar.className).not.toContain("timeline__bar--open");
    expect(bar.title).toBe("Write · task · 0 ms, never finished");
  });

  it("on a clock tick of a 100-task run touches only the bars still running", async () => {
    const agents = ["a1", "a2", "a3", "a4"];
    const spans: Span[] = [];
    for (let i = 0; i < 100; i++) {
      const lane = agents[i % 4] as string;
      const start = Math.floor(i / 4) * 1000;
      const last = i >= 97;
      spans.push(span(`task:${i}`, "task", lane, `t${i}`, start, last ? null : start + 1500));
      spans.push(span(`llm:${i}a`, "llm", lane, `t${i}`, start, start + 600));
      spans.push(span(`llm:${i}b`, "llm", lane, `t${i}`, start + 700, last ? null : start + 1400));
    }
    const big = testCrew({ agents: agents.map((id) => ({ id })), tasks: [] });
    const view: RunView = { ...emptyRunView("run-1", T0), spans };
    const { container, rerender } = render(<RunTimeline view={view} crew={big} now={T0 + 26_000} onSelectNode={() => {}} />);
    expect(bars(container)).toHaveLength(300);
    const touched = new Set<Element>();
    const observer = new MutationObserver((records) => {
      for (const r of records) if (r.target instanceof Element && r.target.classList.contains("timeline__bar")) touched.add(r.target);
    });
    observer.observe(container, { attributes: true, subtree: true, childList: true, characterData: true });
    rerender(<RunTimeline view={view} crew={big} now={T0 + 27_000} onSelectNode={() => {}} />);
    await new Promise((resolve) => setTimeout(resolve, 0));
    observer.disconnect();
    expect(touched.size).toBeGreaterThan(0);
    expect([...touched].every((bar) => bar.hasAttribute("data-open"))).toBe(true);
  });

  it("an environment run gets a band and a line per round: who acted, wall time against one by one, and the speedup", () => {
    const room = testCrew({
      agents: [
        { id: "alex", role: "Alex, the teacher" },
        { id: "bob", role: "Bob, the student" },
        { id: "chalice", role: "Chalice" },
      ],
      tasks: [],
    });
    const talk = (id: string, lane: string, start: number, end: number) => span(id, "llm", lane, `${lane}_turn`, start, end);
    const view: RunView = {
      ...emptyRunView("run-1", T0),
      status: "completed",
      endedAt: T0 + 3000,
      spans: [talk("a", "alex", 0, 1000), talk("b", "bob", 1000, 3000), talk("c", "chalice", 1000, 3000)],
      rounds: [
        { round: 1, agents: ["alex"], start: T0, end: T0 + 1000 },
        { round: 2, agents: ["bob", "chalice"], start: T0 + 1000, end: T0 + 3000 },
      ],
    };
    const { container } = render(<RunTimeline view={view} crew={room} now={T0 + 5000} />);
    const lines = [...container.querySelectorAll<HTMLElement>(".timeline__rounds li")];
    expect(lines.map((l) => l.textContent)).toEqual([
      "Round 1 · Alex · 1 call · 1.0 s vs 1.0 s one by one · 1.0×",
      "Round 2 · Bob, Chalice · 2 calls, up to 2 at once · 2.0 s vs 4.0 s one by one · 2.0×",
    ]);
    expect(lines.map((l) => l.dataset.speedup)).toEqual(["1.00", "2.00"]);
    const bands = [...container.querySelectorAll<HTMLElement>(".timeline__band")];
    expect(bands.map((b) => [b.dataset.round, b.style.getPropertyValue("--tl-s"), b.style.getPropertyValue("--tl-d")])).toEqual([
      ["1", "0", "1000"],
      ["2", "1000", "2000"],
    ]);
    expect([...container.querySelectorAll(".timeline__round-mark")].map((m) => m.textContent)).toEqual(["R1", "R2"]);
    // The run as a whole keeps its own figures.
    expect(container.querySelector(".timeline__stats")?.textContent).toContain("Speedup 1.7×");
  });

  it("labels a round on the axis only when it starts clear of the last label; every round keeps its band", () => {
    const at = (round: number, start: number, end: number) => ({ round, agents: ["a1"], start: T0 + start, end: T0 + end });
    const view: RunView = {
      ...done,
      spans: [span("llm:x", "llm", "a1", "t1", 0, 10_000)],
      rounds: [at(1, 0, 5000), at(2, 5000, 9900), at(3, 9900, 9950), at(4, 9950, 10_000)],
    };
    const { container } = render(<RunTimeline view={view} crew={crew} now={T0} />);
    expect([...container.querySelectorAll(".timeline__round-mark")].map((m) => m.textContent)).toEqual(["R1", "R2", "R3"]);
    expect(container.querySelectorAll(".timeline__band")).toHaveLength(4);
  });

  it("a run without rounds shows no round lines; the generated manager's lane is named", () => {
    const managed: RunView = { ...done, spans: [...SPANS, span("llm:m", "llm", "$manager", "t1", 0, 500)] };
    const { container } = render(<RunTimeline view={managed} crew={crew} now={T0} />);
    expect(container.querySelector(".timeline__rounds")).toBeNull();
    expect(container.querySelector(".timeline__band")).toBeNull();
    expect(container.querySelector(".timeline__lane[data-lane='$manager']")).not.toBeNull();
    expect([...container.querySelectorAll(".timeline__label")].map((l) => l.textContent)).toContain("Crew Manager");
  });
});
