import { describe, expect, it } from "vitest";
import { type Crew, emptyCrew, validateCrew } from "../model";
import { testAgent, testCrew, validSequentialCrew } from "../model/testCrews";
import { findNode } from "./crewOps";
import { copyFragment, type Fragment, parseFragment, pasteFragment } from "./fragment";

const OFFSET = { x: 40, y: 40 };

/** The sequential test crew with every node placed on the canvas. */
const source = (): Crew =>
  validSequentialCrew({
    layout: {
      researcher: { x: 10, y: 20 },
      writer: { x: 200, y: 20 },
      calc: { x: 10, y: 200 },
      research: { x: 400, y: 0 },
      write: { x: 600, y: 0 },
    },
  });

function node(crew: Crew, id: string) {
  const found = findNode(crew, id);
  if (!found) throw new Error(`no node ${id} in ${JSON.stringify(crew)}`);
  return found;
}
function agent(crew: Crew, id: string) {
  const found = node(crew, id);
  if (found.kind !== "agent") throw new Error(`${id} is a ${found.kind}`);
  return found.node;
}
function task(crew: Crew, id: string) {
  const found = node(crew, id);
  if (found.kind !== "task") throw new Error(`${id} is a ${found.kind}`);
  return found.node;
}
const structure = (crew: Crew) => validateCrew(crew).filter((p) => p.level === "structure");

describe("copyFragment", () => {
  it("copies the chosen nodes in document order with their positions only", () => {
    const fragment = copyFragment(source(), ["write", "calc", "researcher"], "crew-1");
    expect(fragment.format).toBe("crewdeck.fragment");
    expect(fragment.sourceCrew).toBe("crew-1");
    expect(fragment.agents.map((a) => a.id)).toEqual(["researcher"]);
    expect(fragment.tasks.map((t) => t.id)).toEqual(["write"]);
    expect(fragment.tools.map((t) => t.id)).toEqual(["calc"]);
    expect(fragment.layout).toEqual({ write: { x: 600, y: 0 }, calc: { x: 10, y: 200 }, researcher: { x: 10, y: 20 } });
  });
});

describe("pasteFragment into the same crew", () => {
  it("renames taken ids and keeps references to nodes outside the fragment", () => {
    const crew = source();
    const pasted = pasteFragment(crew, copyFragment(crew, ["researcher", "write"], "crew-1"), true, OFFSET);
    expect(pasted.ids).toEqual(["researcher-1", "write-1"]);
    expect(agent(pasted.crew, "researcher-1").tools).toEqual(["calc"]);
    expect(task(pasted.crew, "write-1").agent).toBe("writer");
    expect(task(pasted.crew, "write-1").context).toEqual(["research"]);
    // The originals are untouched and still come first.
    expect(pasted.crew.agents.map((a) => a.id)).toEqual(["researcher", "writer", "researcher-1"]);
    expect(pasted.crew.tasks.map((t) => t.id)).toEqual(["research", "write", "write-1"]);
    expect(crew.agents).toHaveLength(2);
    expect(structure(pasted.crew)).toEqual([]);
  });

  it("points references inside the fragment at the renamed nodes", () => {
    const crew = source();
    const pasted = pasteFragment(crew, copyFragment(crew, ["researcher", "calc", "research", "write"], "crew-1"), true, OFFSET);
    expect(pasted.ids).toEqual(["researcher-1", "research-1", "write-1", "calc-1"]);
    expect(agent(pasted.crew, "researcher-1").tools).toEqual(["calc-1"]);
    expect(task(pasted.crew, "research-1").agent).toBe("researcher-1");
    expect(task(pasted.crew, "write-1").context).toEqual(["research-1"]);
    expect(task(pasted.crew, "write-1").agent).toBe("writer");
    expect(structure(pasted.crew)).toEqual([]);
  });

  it("follows renamed ids in watch lists", () => {
    const crew = testCrew({ process: "environment", agents: [testAgent("teacher"), testAgent("student", { watch: ["teacher"] })] });
    const pasted = pasteFragment(crew, copyFragment(crew, ["teacher", "student"], "c"), true, OFFSET);
    expect(agent(pasted.crew, "student-1").watch).toEqual(["teacher-1"]);
    const alone = pasteFragment(crew, copyFragment(crew, ["student"], "c"), true, OFFSET);
    expect(agent(alone.crew, "student-1").watch).toEqual(["teacher"]);
  });

  it("numbers further copies from the base id instead of stacking suffixes", () => {
    const once = pasteFragment(source(), copyFragment(source(), ["researcher"], "c"), true, OFFSET).crew;
    const twice = pasteFragment(once, copyFragment(once, ["researcher-1"], "c"), true, OFFSET);
    expect(twice.ids).toEqual(["researcher-2"]);
  });

  it("offsets the pasted positions and leaves unplaced nodes unplaced", () => {
    const crew = { ...source(), layout: { researcher: { x: 10, y: 20 } } };
    const pasted = pasteFragment(crew, copyFragment(crew, ["researcher", "writer"], "c"), true, { x: 40, y: -5 });
    expect(pasted.crew.layout).toEqual({ researcher: { x: 10, y: 20 }, "researcher-1": { x: 50, y: 15 } });
  });
});

describe("pasteFragment into another crew", () => {
  it("drops references to nodes that stayed behind", () => {
    const fragment = copyFragment(source(), ["researcher", "write"], "crew-1");
    const pasted = pasteFragment(emptyCrew("Other"), fragment, false, OFFSET);
    expect(pasted.ids).toEqual(["researcher", "write"]);
    expect(agent(pasted.crew, "researcher").tools).toEqual([]);
    expect("agent" in task(pasted.crew, "write")).toBe(false);
    expect(task(pasted.crew, "write").context).toEqual([]);
    expect(validateCrew(pasted.crew).filter((p) => p.code === "unknown-id")).toEqual([]);
    expect(structure(pasted.crew)).toEqual([]);
  });

  it("does not bind outside references to same-named nodes of the target crew", () => {
    const target = validSequentialCrew({ name: "Target" });
    const fragment = copyFragment(source(), ["write"], "crew-1");
    const pasted = pasteFragment(target, fragment, false, OFFSET);
    expect(pasted.ids).toEqual(["write-1"]);
    expect(task(pasted.crew, "write-1").context).toEqual([]);
    expect("agent" in task(pasted.crew, "write-1")).toBe(false);
  });

  it("keeps a whole copied crew intact apart from renames", () => {
    const fragment = copyFragment(source(), ["researcher", "writer", "calc", "research", "write"], "crew-1");
    const pasted = pasteFragment(emptyCrew("Other"), fragment, false, OFFSET);
    const { layout: _a, name: _b, ...sourceGraph } = source();
    const { layout, name: _c, ...pastedGraph } = pasted.crew;
    expect(pastedGraph).toEqual(sourceGraph);
    expect(layout.write).toEqual({ x: 640, y: 40 });
  });
});

describe("parseFragment", () => {
  const fragment: Fragment = copyFragment(source(), ["researcher", "write"], "crew-1");

  it("reads back a copied fragment", () => {
    expect(parseFragment(JSON.stringify(fragment))).toEqual(fragment);
  });

  it.each([
    ["junk text", "hello there"],
    ["empty text", ""],
    ["a JSON number", "42"],
    ["JSON null", "null"],
    ["an empty object", "{}"],
    ["a crew document", JSON.stringify(source())],
    ["another format", JSON.stringify({ ...fragment, format: "crewdeck.crew" })],
    ["a fragment with a bad node id", JSON.stringify({ ...fragment, agents: [{ ...fragment.agents[0], id: "bad id!" }] })],
    ["a fragment without tools", JSON.stringify({ ...fragment, tools: undefined })],
  ])("rejects %s", (_, text) => {
    expect(parseFragment(text)).toBeUndefined();
  });
});
