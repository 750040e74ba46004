import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type Crew, validateCrew } from "../model";
import { nth, testCrew, testTask, validSequentialCrew } from "../model/testCrews";
import { createAppStore } from "./createAppStore";
import { findNode } from "./crewOps";
import { parseFragment } from "./fragment";
import { MemoryRepository } from "./testing/MemoryRepository";

/** A store over an in-memory repository, a clock the test moves by hand and ids crew-1, crew-2, … */
function setup(crew: Crew = validSequentialCrew({ layout: { researcher: { x: 100, y: 100 }, research: { x: 300, y: 100 } } })) {
  const clock = { t: 1_000_000 };
  let n = 0;
  const repository = new MemoryRepository(() => clock.t);
  const writeClipboard = vi.fn(async (_text: string) => undefined);
  const store = createAppStore({ repository, now: () => clock.t, newId: () => `crew-${++n}`, writeClipboard }, { crew });
  const history = () => store.temporal.getState();
  return { store, clock, writeClipboard, history, state: () => store.getState() };
}

const role = (crew: Crew, id: string) => crew.agents.find((a) => a.id === id)?.role;

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("document edits and undo", () => {
  it("addNode adds a placed node, selects it and records one undo step", () => {
    const { state, history } = setup();
    const before = state().crew;
    const id = state().addNode("tool", { x: 10.4, y: 19.6 }, "http_get");
    expect(id).toBe("tool-1");
    expect(findNode(state().crew, id)).toMatchObject({ kind: "tool", node: { name: "http_get" } });
    expect(state().crew.layout[id]).toEqual({ x: 10, y: 20 });
    expect(state().selection).toEqual([id]);
    expect(state().sidePanel).toBe("node");
    expect(history().pastStates).toHaveLength(1);
    history().undo();
    expect(state().crew).toBe(before);
    history().redo();
    expect(findNode(state().crew, id)?.kind).toBe("tool");
  });

  it("deleteNodes is one undo step and undo brings every reference back", () => {
    const { state, history } = setup();
    const before = state().crew;
    state().select(["researcher"]);
    state().deleteNodes(["researcher"]);
    expect(findNode(state().crew, "researcher")).toBeUndefined();
    expect(findNode(state().crew, "research")?.node).not.toHaveProperty("agent");
    expect(state().selection).toEqual([]);
    expect(history().pastStates).toHaveLength(1);
    history().undo();
    expect(state().crew).toEqual(before);
    history().redo();
    expect(findNode(state().crew, "researcher")).toBeUndefined();
    state().deleteNodes([]);
    expect(history().pastStates).toHaveLength(1);
  });

  it("connectNodes records a step when it connects and nothing when refused", () => {
    const { state, history } = setup();
    expect(state().connectNodes("calc", "writer")).toBeNull();
    expect(state().crew.agents.find((a) => a.id === "writer")?.tools).toEqual(["calc"]);
    expect(state().connectNodes("researcher", "writer")).toMatch(/only in an environment crew/);
    expect(state().connectNodes("calc", "research")).toBeNull();
    expect(state().connectNodes("research", "research")).toMatch(/cannot connect/);
    expect(state().connectNodes("calc", "writer")).toMatch(/already uses/);
    expect(history().pastStates).toHaveLength(2);
    history().undo();
    history().undo();
    expect(state().crew.agents.find((a) => a.id === "writer")?.tools).toEqual([]);
    history().redo();
    expect(state().crew.agents.find((a) => a.id === "writer")?.tools).toEqual(["calc"]);
  });

  it("moveTask records a step when it moves and returns the reason when refused", () => {
    const { state, history } = setup();
    expect(state().moveTask("write", 0)).toMatch(/must stay after/);
    expect(state().moveTask("write", 1)).toBeNull();
    expect(history().pastStates).toHaveLength(0);
    state().applyCrew(testCrew({ tasks: [testTask("a"), testTask("b")] }));
    expect(state().moveTask("b", 0)).toBeNull();
    expect(state().crew.tasks.map((t) => t.id)).toEqual(["b", "a"]);
    expect(history().pastStates).toHaveLength(2);
  });

  it("applyCrew is one undo step", () => {
    const { state, history } = setup();
    const before = state().crew;
    const next = testCrew({ name: "Replaced" });
    state().applyCrew(next);
    expect(state().crew).toBe(next);
    expect(history().pastStates).toHaveLength(1);
    history().undo();
    expect(state().crew).toBe(before);
  });
});

describe("coalescing edits of one field", () => {
  it("makes one step of two edits of the same field within a second", () => {
    const { state, history, clock } = setup();
    state().updateAgent("researcher", { role: "R" });
    clock.t += 999;
    state().updateAgent("researcher", { role: "Re" });
    expect(role(state().crew, "researcher")).toBe("Re");
    expect(history().pastStates).toHaveLength(1);
    history().undo();
    expect(role(state().crew, "researcher")).toBe("Role of researcher");
  });

  it("makes two steps of edits a second apart", () => {
    const { state, history, clock } = setup();
    state().updateAgent("researcher", { role: "R" });
    clock.t += 1000;
    state().updateAgent("researcher", { role: "Re" });
    expect(history().pastStates).toHaveLength(2);
    history().undo();
    expect(role(state().crew, "researcher")).toBe("R");
  });

  it("makes separate steps of different fields, nodes or edit kinds", () => {
    const { state, history, clock } = setup();
    state().updateAgent("researcher", { role: "R" });
    clock.t += 10;
    state().updateAgent("researcher", { goal: "G" });
    clock.t += 10;
    state().updateAgent("writer", { goal: "G" });
    clock.t += 10;
    state().updateTask("write", { name: "N" });
    clock.t += 10;
    state().updateTask("write", { name: "Na" });
    clock.t += 10;
    state().setPositions({ write: { x: 1, y: 2 } });
    clock.t += 10;
    state().setPositions({ write: { x: 3, y: 4 } });
    expect(history().pastStates).toHaveLength(6);
  });

  it("records the first edit after an undo, so it can be undone and redo does not bring back the old future", () => {
    const { state, history, clock } = setup();
    state().updateAgent("researcher", { role: "R" });
    clock.t += 100;
    history().undo();
    clock.t += 100;
    state().updateAgent("researcher", { role: "X" });
    expect(history().futureStates).toHaveLength(0);
    expect(history().pastStates).toHaveLength(1);
    history().undo();
    expect(role(state().crew, "researcher")).toBe("Role of researcher");
  });
});

describe("selection and clipboard", () => {
  it("selectAll selects every node in document order", () => {
    const { state } = setup();
    state().selectAll();
    expect(state().selection).toEqual(["researcher", "writer", "research", "write", "calc"]);
  });

  it("duplicateSelection pastes a shifted copy, selects it, is one step and leaves the clipboard alone", () => {
    const { state, history } = setup();
    state().select(["researcher", "research"]);
    state().duplicateSelection();
    expect(state().selection).toEqual(["researcher-1", "research-1"]);
    expect(findNode(state().crew, "research-1")?.node).toMatchObject({ agent: "researcher-1" });
    expect(state().crew.layout["researcher-1"]).toEqual({ x: 140, y: 140 });
    expect(state().clipboard).toBeNull();
    expect(history().pastStates).toHaveLength(1);
    state().select([]);
    state().duplicateSelection();
    expect(history().pastStates).toHaveLength(1);
  });

  it("copySelection keeps a fragment and writes it as JSON to the system clipboard", () => {
    const { state, writeClipboard } = setup();
    state().copySelection();
    expect(state().clipboard).toBeNull();
    state().select(["researcher", "calc"]);
    state().copySelection();
    expect(state().clipboard?.agents.map((a) => a.id)).toEqual(["researcher"]);
    expect(writeClipboard).toHaveBeenCalledTimes(1);
    expect(parseFragment(nth(nth(writeClipboard.mock.calls, 0), 0))).toEqual(state().clipboard);
    expect(state().toasts.at(-1)?.message).toBe("Copied 2 nodes");
  });

  it("pastes across crews, dropping outside references, and offsets again on each paste", async () => {
    const { state, history } = setup();
    const first = await state().createCrew(state().crew);
    state().select(["researcher", "research", "write"]);
    state().copySelection();
    const second = await state().createCrew();
    expect(state().crewId).toBe(second);
    state().paste();
    expect(state().crew.agents.map((a) => a.id)).toEqual(["researcher"]);
    expect(state().crew.agents[0]?.tools).toEqual([]);
    expect(findNode(state().crew, "write")?.node).not.toHaveProperty("agent");
    expect(findNode(state().crew, "write")?.node).toMatchObject({ context: ["research"] });
    expect(validateCrew(state().crew).filter((p) => p.code === "unknown-id")).toEqual([]);
    expect(state().selection).toEqual(["researcher", "research", "write"]);
    expect(state().crew.layout.researcher).toEqual({ x: 140, y: 140 });
    state().paste();
    expect(state().selection).toEqual(["researcher-1", "research-1", "write-1"]);
    expect(state().crew.layout["researcher-1"]).toEqual({ x: 180, y: 180 });
    expect(history().pastStates).toHaveLength(2);

    await state().openCrew(first);
    state().paste();
    const pasted = state().crew;
    expect(findNode(pasted, "researcher-1")?.node).toMatchObject({ tools: ["calc"] });
    expect(findNode(pasted, "write-1")?.node).toMatchObject({ agent: "writer", context: ["research-1"] });
    expect(pasted.layout["researcher-1"]).toEqual({ x: 220, y: 220 });
    expect(validateCrew(pasted).filter((p) => p.level === "structure")).toEqual([]);
  });
});
