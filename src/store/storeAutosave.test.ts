import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { validSequentialCrew } from "../model/testCrews";
import { createAppStore } from "./createAppStore";
import { MemoryRepository } from "./testing/MemoryRepository";

const DELAY = 400;

/** A store over an in-memory repository, a hand-moved clock and ids crew-1, crew-2, … */
function setup() {
  const clock = { t: 1_000_000 };
  let n = 0;
  const repository = new MemoryRepository(() => clock.t);
  const store = createAppStore({ repository, now: () => clock.t, newId: () => `crew-${++n}` }, { autosaveMs: DELAY });
  return { store, repository, clock, state: () => store.getState() };
}

/** Puts made after the crew was created (createCrew writes the first version itself). */
async function opened() {
  const s = setup();
  const id = await s.state().createCrew(validSequentialCrew({ name: "Saved crew" }));
  s.repository.puts.length = 0;
  return { ...s, id };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("autosave", () => {
  it("writes a change once the debounce has passed", async () => {
    const { state, repository, clock, id } = await opened();
    clock.t += 5000;
    state().updateCrew({ description: "first change" });
    expect(state().saveState).toBe("saving");
    await vi.advanceTimersByTimeAsync(DELAY - 1);
    expect(repository.puts).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(repository.puts).toHaveLength(1);
    const record = await repository.get(id);
    expect(record).toMatchObject({ id, name: "Saved crew", createdAt: 1_000_000, updatedAt: 1_005_000 });
    expect(record?.doc).toEqual(state().crew);
    expect(state().saveState).toBe("saved");
  });

  it("the crew list's line follows a saved change of process and counts", async () => {
    const { state } = await opened();
    const before = state().crews.find((c) => c.id === state().crewId);
    expect(before).toMatchObject({ process: "sequential", agents: 2, tasks: 2 });
    state().updateCrew({ process: "hierarchical" });
    state().deleteNodes(["writer"]);
    expect(state().crews.find((c) => c.id === state().crewId)).toMatchObject({ process: "sequential", agents: 2 });
    await vi.advanceTimersByTimeAsync(DELAY);
    expect(state().crews.find((c) => c.id === state().crewId)).toMatchObject({ process: "hierarchical", agents: 1, tasks: 2 });
  });

  it("writes several quick changes once, with the last content", async () => {
    const { state, repository, id } = await opened();
    state().updateCrew({ description: "a" });
    await vi.advanceTimersByTimeAsync(100);
    state().addNode("agent", { x: 0, y: 0 });
    await vi.advanceTimersByTimeAsync(100);
    state().updateAgent("agent-1", { role: "Helper" });
    await vi.advanceTimersByTimeAsync(DELAY);
    expect(repository.puts).toHaveLength(1);
    const doc = (await repository.get(id))?.doc;
    expect(doc?.description).toBe("a");
    expect(doc?.agents.find((a) => a.id === "agent-1")?.role).toBe("Helper");
    await vi.advanceTimersByTimeAsync(10 * DELAY);
    expect(repository.puts).toHaveLength(1);
  });

  it("does not save changes that leave the document alone", async () => {
    const { state, repository } = await opened();
    state().select(["researcher"]);
    state().setSidePanel("problems");
    state().toast("hello");
    await vi.advanceTimersByTimeAsync(10 * DELAY);
    expect(repository.puts).toHaveLength(0);
  });

  it("saves undo and redo too", async () => {
    const { store, state, repository, id } = await opened();
    state().updateCrew({ description: "x" });
    await vi.advanceTimersByTimeAsync(DELAY);
    store.temporal.getState().undo();
    await vi.advanceTimersByTimeAsync(DELAY);
    expect((await repository.get(id))?.doc.description).toBe("");
    expect(repository.puts).toHaveLength(2);
  });

  it("saveNow writes at once", async () => {
    const { state, repository, id } = await opened();
    state().updateCrew({ description: "now" });
    await state().saveNow();
    expect(repository.puts).toHaveLength(1);
    expect((await repository.get(id))?.doc.description).toBe("now");
    expect(state().saveState).toBe("saved");
    await vi.advanceTimersByTimeAsync(10 * DELAY);
    expect(repository.puts).toHaveLength(1);
  });

  it("switching crews writes the pending change of the previous crew under its own id", async () => {
    const { state, repository, id: first } = await opened();
    const second = await state().createCrew();
    repository.puts.length = 0;
    state().updateCrew({ description: "edited second" });
    await state().openCrew(first);
    expect(repository.puts.map((p) => [p.id, p.doc.description])).toEqual([[second, "edited second"]]);
    expect((await repository.get(first))?.doc.description).toBe("");
    state().updateCrew({ description: "edited first" });
    await vi.advanceTimersByTimeAsync(DELAY);
    expect(repository.puts.map((p) => [p.id, p.doc.description])).toEqual([
      [second, "edited second"],
      [first, "edited first"],
    ]);
    expect((await repository.get(second))?.doc.description).toBe("edited second");
  });

  it("a failing write sets saveState to error and shows an error toast", async () => {
    const { state, repository } = await opened();
    repository.failPuts = new Error("quota exceeded");
    state().updateCrew({ description: "lost?" });
    await vi.advanceTimersByTimeAsync(DELAY);
    expect(state().saveState).toBe("error");
    expect(state().toasts.at(-1)).toMatchObject({ kind: "error", message: "Could not save: quota exceeded" });
    repository.failPuts = null;
    state().updateCrew({ description: "kept" });
    await vi.advanceTimersByTimeAsync(DELAY);
    expect(state().saveState).toBe("saved");
  });

  it("a crew that was never saved (no id) is not autosaved", async () => {
    const { state, repository } = setup();
    state().updateCrew({ description: "scratch" });
    await vi.advanceTimersByTimeAsync(10 * DELAY);
    expect(repository.puts).toHaveLength(0);
    expect(state().saveState).toBe("saved");
  });
});
