import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CrewSchema, serializeCrew } from "../model";
import { templateById } from "../model/templates";
import { validSequentialCrew } from "../model/testCrews";
import { createAppStore } from "./createAppStore";
import { MemoryRepository } from "./testing/MemoryRepository";

/** A store over an in-memory repository, a clock that moves 1 ms per read and ids crew-1, crew-2, … */
function setup() {
  const clock = { t: 1_000_000 };
  // Each read moves the clock, so crews created one after another have distinct times.
  const now = () => clock.t++;
  let n = 0;
  const repository = new MemoryRepository(now);
  const store = createAppStore({ repository, now, newId: () => `crew-${++n}` });
  return { store, repository, clock, state: () => store.getState(), history: () => store.temporal.getState() };
}

const names = (s: ReturnType<typeof setup>) =>
  s
    .state()
    .crews.map((c) => c.name)
    .sort();
const tripPlanner = () => {
  const template = templateById("trip-planner");
  if (!template) throw new Error("no trip-planner template");
  return template.crew;
};

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("createCrew", () => {
  it("saves and opens a new crew, adding (2), (3) to a taken name unless keepName", async () => {
    const s = setup();
    const first = await s.state().createCrew();
    expect(s.state().crewId).toBe(first);
    expect(s.state().crew.name).toBe("Untitled crew");
    expect((await s.repository.get(first))?.doc).toEqual(s.state().crew);
    await s.state().createCrew();
    expect(s.state().crew.name).toBe("Untitled crew (2)");
    await s.state().createCrew();
    await s.state().createCrew(validSequentialCrew({ name: "Untitled crew" }), { keepName: true });
    expect(s.state().crew.name).toBe("Untitled crew");
    expect(names(s)).toEqual(["Untitled crew", "Untitled crew", "Untitled crew (2)", "Untitled crew (3)"]);
    expect(s.state().crews[0]?.id).toBe(s.state().crewId);
  });
});

describe("openCrew", () => {
  it("shows the stored crew and clears history and selection", async () => {
    const s = setup();
    const a = await s.state().createCrew(validSequentialCrew({ name: "A" }));
    await s.state().createCrew(validSequentialCrew({ name: "B" }));
    s.state().updateAgent("researcher", { role: "Edited in B" });
    s.state().select(["researcher"]);
    expect(s.history().pastStates).toHaveLength(1);
    await s.state().openCrew(a);
    expect(s.state().crewId).toBe(a);
    expect(s.state().crew.name).toBe("A");
    expect(s.state().crew.agents[0]?.role).toBe("Role of researcher");
    expect(s.state().selection).toEqual([]);
    expect(s.state().sidePanel).toBe("crew");
    expect(s.history().pastStates).toHaveLength(0);
    expect(s.history().futureStates).toHaveLength(0);
    expect(await s.repository.getMeta("lastCrew")).toBe(a);
  });

  it("records the first edit in the opened crew even when the same field was edited just before", async () => {
    const s = setup();
    const a = await s.state().createCrew();
    await s.state().createCrew();
    s.state().updateCrew({ description: "in B" });
    await s.state().openCrew(a);
    s.state().updateCrew({ description: "in A" });
    expect(s.history().pastStates).toHaveLength(1);
  });

  it("refuses an unknown id and leaves the open crew alone", async () => {
    const s = setup();
    const a = await s.state().createCrew();
    await expect(s.state().openCrew("nope")).rejects.toThrow(/"nope"/);
    expect(s.state().crewId).toBe(a);
  });
});

describe("renameCrew", () => {
  it("renames the open crew in the document, the list and the repository", async () => {
    const s = setup();
    const a = await s.state().createCrew();
    await s.state().renameCrew(a, "  Renamed  ");
    expect(s.state().crew.name).toBe("Renamed");
    expect(s.state().crews.find((c) => c.id === a)?.name).toBe("Renamed");
    const stored = await s.repository.get(a);
    expect(stored?.name).toBe("Renamed");
    expect(stored?.doc.name).toBe("Renamed");
  });

  it("renames another crew without touching the open one, and ignores a blank name", async () => {
    const s = setup();
    const a = await s.state().createCrew();
    const b = await s.state().createCrew();
    const open = s.state().crew;
    await s.state().renameCrew(a, "Other");
    expect(s.state().crewId).toBe(b);
    expect(s.state().crew).toBe(open);
    const stored = await s.repository.get(a);
    expect([stored?.name, stored?.doc.name]).toEqual(["Other", "Other"]);
    expect(names(s)).toEqual(["Other", "Untitled crew (2)"]);
    await s.state().renameCrew(b, "   ");
    expect(s.state().crew.name).toBe("Untitled crew (2)");
  });
});

describe("duplicateCrew", () => {
  it("saves and opens a copy with the same content under a new id", async () => {
    const s = setup();
    const a = await s.state().createCrew(tripPlanner());
    s.state().updateCrew({ description: "unsaved edit" });
    const copy = await s.state().duplicateCrew(a);
    expect(copy).not.toBe(a);
    expect(s.state().crewId).toBe(copy);
    expect(s.state().crew).toEqual({ ...tripPlanner(), description: "unsaved edit", name: "Trip planner (copy)" });
    expect((await s.repository.get(a))?.doc.description).toBe("unsaved edit");
    expect(names(s)).toEqual(["Trip planner", "Trip planner (copy)"]);
  });
});

describe("deleteCrew", () => {
  it("deleting the open crew opens the next one, and the toast's Undo restores and reopens it", async () => {
    const s = setup();
    const a = await s.state().createCrew(validSequentialCrew({ name: "A" }));
    const b = await s.state().createCrew(validSequentialCrew({ name: "B" }));
    await s.state().deleteCrew(b);
    expect(s.state().crewId).toBe(a);
    expect(s.state().crews.map((c) => c.id)).toEqual([a]);
    expect((await s.repository.get(b))?.deletedAt).toBeDefined();
    const toast = s.state().toasts.at(-1);
    expect(toast?.message).toBe("Deleted “B”");
    expect(toast?.action?.label).toBe("Undo");
    toast?.action?.run();
    await vi.waitFor(() => expect(s.state().crewId).toBe(b));
    expect(s.state().crew.name).toBe("B");
    expect(
      s
        .state()
        .crews.map((c) => c.id)
        .sort(),
    ).toEqual([a, b]);
    expect((await s.repository.get(b))?.deletedAt).toBeUndefined();
  });

  it("deleting another crew keeps the open one", async () => {
    const s = setup();
    const a = await s.state().createCrew();
    const b = await s.state().createCrew();
    await s.state().deleteCrew(a);
    expect(s.state().crewId).toBe(b);
    expect(s.state().crews.map((c) => c.id)).toEqual([b]);
  });

  it("deleting the last crew creates a fresh one", async () => {
    const s = setup();
    const a = await s.state().createCrew(validSequentialCrew({ name: "Only" }));
    await s.state().deleteCrew(a);
    expect(s.state().crewId).not.toBe(a);
    expect(s.state().crewId).not.toBeNull();
    expect(s.state().crew.agents).toEqual([]);
    expect(s.state().crews.map((c) => c.id)).toEqual([s.state().crewId]);
  });
});

describe("importCrewText", () => {
  it("with bad text opens the import-errors dialog and changes nothing", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const s = setup();
    const a = await s.state().createCrew(validSequentialCrew({ name: "A" }));
    const before = { crews: s.state().crews, crewId: s.state().crewId, crew: s.state().crew, puts: s.repository.puts.length };
    const bad = serializeCrew(validSequentialCrew()).replace('"agent": "writer"', '"agent": "ghost"');
    for (const [text, pattern] of [
      ["{ not json", /not valid JSON/],
      [bad, /unknown agent "ghost"/],
      [JSON.stringify({ format: "other" }), /not a crewdeck crew/],
    ] as const) {
      expect(await s.state().importCrewText(text, "bad.crew.json")).toBe(false);
      const dialog = s.state().dialog;
      expect(dialog?.kind).toBe("import-errors");
      if (dialog?.kind !== "import-errors") throw new Error("no import dialog");
      expect(dialog.source).toBe("bad.crew.json");
      expect(dialog.problems.map((p) => p.message).join("\n")).toMatch(pattern);
    }
    expect(warn).toHaveBeenCalledTimes(3);
    expect(s.state().crews).toEqual(before.crews);
    expect(s.state().crewId).toBe(a);
    expect(s.state().crew).toBe(before.crew);
    expect(s.repository.puts).toHaveLength(before.puts);
    expect(await s.repository.list()).toHaveLength(1);
  });

  it("with good text creates and opens a crew with the same content, keeping its name", async () => {
    const s = setup();
    await s.state().createCrew(tripPlanner());
    expect(await s.state().importCrewText(serializeCrew(tripPlanner()), "trip.crew.json")).toBe(true);
    expect(s.state().crew).toEqual(CrewSchema.parse(tripPlanner()));
    expect(names(s)).toEqual(["Trip planner", "Trip planner"]);
    const id = s.state().crewId;
    expect(id && (await s.repository.get(id))?.doc).toEqual(s.state().crew);
    expect(s.state().toasts.at(-1)).toMatchObject({ kind: "success", message: "Imported “Trip planner”" });
    expect(s.history().pastStates).toHaveLength(0);
  });
});
