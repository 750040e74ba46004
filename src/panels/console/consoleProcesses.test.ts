import { describe, expect, it } from "vitest";
import { MANAGER_AGENT_ID, type RunEvent } from "../../engine/events";
import { hierarchicalRun, plannedRun } from "../../store/runViewFixtures";
import { filterRows, nestRows } from "./consoleBlocks";
import { buildConsole, ConsoleBuilder } from "./consoleRows";
import { CONSOLE_KINDS, type ConsoleFilter, type ConsoleKind, type ConsoleNode, type ConsoleRow } from "./consoleTypes";

const M = MANAGER_AGENT_ID;
const all: ConsoleFilter = { taskId: null, agentId: null, kinds: new Set<ConsoleKind>(CONSOLE_KINDS) };

/** A tree of rows as short labels: "llm:w1", "delegation:d1 [...]". */
function outline(nodes: readonly ConsoleNode[]): unknown[] {
  return nodes.map(({ row, children }) => {
    const label = row.type === "line" ? `line:${row.text}` : `${row.type}:${row.key.replace(/^[a-z]+:/, "")}`;
    return children.length ? [label, outline(children)] : label;
  });
}

describe("delegations in the console", () => {
  const { crew, events } = hierarchicalRun();
  const model = buildConsole(events, crew);

  it("turns the manager's tool call into a delegation row with the coworker's steps nested under it", () => {
    expect(model.sections.size).toBe(1);
    expect(outline(nestRows(model.rows))).toEqual([
      "line:Started",
      "llm:m1",
      "line:Step 1 → delegate_work_to_coworker",
      [
        "delegation:d1",
        ["llm:w1", "line:Step 1 → ask_question_to_coworker", ["delegation:d2", ["llm:r1", "line:Step 1 → final answer"]], "llm:w2"],
      ],
      "llm:m2",
      `output:${events.find((e) => e.type === "task.completed")?.seq}`,
    ]);
    const [d1, d2] = model.rows.filter((r) => r.type === "delegation");
    expect(d1).toMatchObject({
      key: "tool:d1",
      kind: "tool",
      taskId: "t1",
      agentId: M,
      from: M,
      to: "a1",
      delegation: "delegate",
      request: "Write the intro",
      context: "About owls",
      depth: 1,
      state: "done",
      output: "Owls live long.",
      error: null,
      durationMs: 12,
    });
    expect(d1?.parent).toBeUndefined();
    expect(d2).toMatchObject({ key: "tool:d2", parent: "tool:d1", agentId: "a1", to: "a2", delegation: "ask", output: "About 20 years" });
    // Nested rows belong to the task and to the coworker that made them.
    const r1 = model.rows.find((r) => r.key === "llm:r1");
    expect(r1).toMatchObject({ taskId: "t1", agentId: "a2", parent: "tool:d2", section: d1?.section });
    expect(model.rows.filter((r) => r.type === "tool")).toEqual([]);
    expect(model.agentIds).toEqual([M, "a1", "a2"]);
  });

  it("gives a delegation logged before its tool call a row of its own, and no tool row", () => {
    const swapped = [...events];
    const call = swapped.findIndex((e) => e.type === "tool.started" && e.toolCallId === "d1");
    [swapped[call], swapped[call + 1]] = [swapped[call + 1] as RunEvent, swapped[call] as RunEvent];
    const rows = buildConsole(swapped, crew).rows;
    expect(rows.filter((r) => r.type === "delegation").map((r) => r.key)).toEqual(["del:d1", "tool:d2"]);
    expect(rows.filter((r) => r.type === "tool")).toEqual([]);
    expect(rows.find((r) => r.key === "llm:w1")?.parent).toBe("del:d1");
  });

  it("keeps nesting through filters: a coworker's rows bring the delegations they sit in", () => {
    const keys = (filter: Partial<ConsoleFilter>) => filterRows(model.rows, { ...all, ...filter }).map((r) => r.key);
    const seqOf = (match: (e: RunEvent) => boolean) => `e:${events.find(match)?.seq}`;
    const step = (agentId: string) => seqOf((e) => e.type === "agent.step" && e.agentId === agentId);
    expect(keys({ agentId: "a2" })).toEqual(["tool:d1", "tool:d2", "llm:r1", step("a2")]);
    // The manager's rows: its task's start and output (its agent), its calls, its step and its delegation (not nested ones).
    const started = seqOf((e) => e.type === "task.started");
    const output = seqOf((e) => e.type === "task.completed");
    expect(keys({ agentId: M })).toEqual([started, "llm:m1", step(M), "tool:d1", "llm:m2", output]);
    expect(keys({ kinds: new Set<ConsoleKind>(["llm"]) })).toEqual([
      "llm:m1",
      "tool:d1",
      "llm:w1",
      "tool:d2",
      "llm:r1",
      "llm:w2",
      "llm:m2",
    ]);
    expect(keys({ taskId: "t1" })).toHaveLength(model.rows.length);
    // A filtered list still nests.
    const nested = nestRows(filterRows(model.rows, { ...all, agentId: "a2" }));
    expect(outline(nested)).toEqual([["delegation:d1", [["delegation:d2", ["llm:r1", "line:Step 1 → final answer"]]]]]);
  });

  it("marks a delegation still open when the run stops as stopped, with the rows inside it", () => {
    const cut = events.slice(0, events.findIndex((e) => e.type === "llm.token" && e.callId === "r1") + 1);
    const last = cut.at(-1) as RunEvent;
    const usage = { promptTokens: 0, completionTokens: 0, totalTokens: 0, requests: 0, estimated: false };
    const rows = buildConsole(
      [...cut, { runId: last.runId, seq: last.seq + 1, ts: last.ts + 1, type: "run.cancelled", reason: "stop", usage, durationMs: 1 }],
      crew,
    ).rows;
    const state = (key: string) => (rows.find((r) => r.key === key) as ConsoleRow & { state: string }).state;
    expect([state("tool:d1"), state("tool:d2"), state("llm:r1"), state("llm:w1")]).toEqual(["stopped", "stopped", "stopped", "done"]);
  });

  it("folds incrementally to the same model", () => {
    const builder = new ConsoleBuilder(crew);
    for (const e of events) builder.add(e);
    expect(builder.snapshot()).toEqual(model);
  });
});

describe("planning and conditions in the console", () => {
  const { crew, events } = plannedRun();
  const model = buildConsole(events, crew);

  it("shows the plan once for the run and again at the start of each task it guides", () => {
    const plan = model.rows.find((r) => r.type === "plan");
    expect(plan).toMatchObject({ section: null, kind: "task", warning: null });
    expect(plan?.type === "plan" && plan.plans.map((p) => p.taskId)).toEqual(["t1", "t2", "t3"]);
    const planLines = model.rows.filter((r) => r.type === "line" && r.text === "Plan");
    expect(planLines.map((r) => [r.taskId, r.type === "line" && r.detail])).toEqual([
      ["t1", "1. plan t1"],
      ["t3", "1. plan t3"],
    ]);
  });

  it("shows each condition's verdict in its task, and a skipped task as skipped", () => {
    const lines = (taskId: string) =>
      model.rows.filter((r) => r.type === "line" && r.taskId === taskId).map((r) => r.type === "line" && [r.text, r.tone]);
    expect(lines("t2")).toEqual([
      ["Condition not met (rule, on t1): no owls in the draft", "warn"],
      ["Skipped: condition not met: no owls in the draft", "info"],
    ]);
    expect(lines("t3").slice(0, 3)).toEqual([
      ["Condition met (JSON path, on t2): $.ok is true", "ok"],
      ["Started", "info"],
      ["Plan", "info"],
    ]);
    expect([...model.sections.values()].map((s) => [s.taskId, s.state])).toEqual([
      ["t1", "completed"],
      ["t2", "skipped"],
      ["t3", "completed"],
    ]);
    // The verdict call sits in the conditional task's section.
    expect(model.rows.find((r) => r.key === "llm:v2")?.taskId).toBe("t2");
  });

  it("says when the planner's answer was not usable", () => {
    const withWarning = events.map((e) =>
      e.type === "plan.created" ? { ...e, plans: [], warning: "the planner's answer held no usable plan" } : e,
    );
    const plan = buildConsole(withWarning, crew).rows.find((r) => r.type === "plan");
    expect(plan).toMatchObject({ plans: [], warning: "the planner's answer held no usable plan" });
  });
});
