import { describe, expect, it } from "vitest";
import { type Crew, isStructurallySound, type Task, validateCrew } from "../model";
import { TEMPLATES } from "../model/templates";
import { nth, richCrew, testAgent, testCrew, testTask, testTool, validSequentialCrew } from "../model/testCrews";
import { connect, deleteNodes, deriveEdges, disconnect, findNode, type OpResult, reorderTask } from "./crewOps";

/** The crew of a successful operation; fails the test with the reason otherwise. */
function ok(result: OpResult): Crew {
  if (!result.ok) throw new Error(`expected the operation to succeed, it was refused: ${result.reason}`);
  return result.crew;
}

/** The reason of a refused operation; fails the test when it succeeded. */
function refused(result: OpResult): string {
  if (result.ok) throw new Error("expected the operation to be refused, it succeeded");
  return result.reason;
}

const task = (crew: Crew, id: string): Task => {
  const found = findNode(crew, id);
  if (found?.kind !== "task") throw new Error(`no task ${id}`);
  return found.node;
};
const agentTools = (crew: Crew, id: string) => crew.agents.find((a) => a.id === id)?.tools;

/** Three plain tasks a, b, c (no context), two agents, two tools. */
const plainCrew = (fields: Partial<Crew> = {}) =>
  testCrew({
    agents: [testAgent("researcher", { role: "Analyst" }), testAgent("writer", { role: "Author" })],
    tools: [testTool("calc"), testTool("web", { name: "http_get" })],
    tasks: [testTask("a"), testTask("b"), testTask("c")],
    ...fields,
  });

describe("connect", () => {
  it.each([
    ["task → agent", "a", "writer"],
    ["agent → task", "writer", "a"],
  ])("%s makes the agent perform the task", (_, from, to) => {
    const before = plainCrew();
    const result = connect(before, from, to);
    const crew = ok(result);
    expect(task(crew, "a").agent).toBe("writer");
    expect(result.ok && result.edge).toEqual({ id: "performs:a:writer", kind: "performs", source: "a", target: "writer" });
    expect(task(before, "a").agent).toBeUndefined();
  });

  it.each([
    ["tool → agent", "web", "writer"],
    ["agent → tool", "writer", "web"],
  ])("%s adds the tool to the agent", (_, from, to) => {
    const crew = ok(connect(plainCrew(), from, to));
    expect(agentTools(crew, "writer")).toEqual(["web"]);
    expect(agentTools(crew, "researcher")).toEqual([]);
  });

  it.each([
    ["tool → task", "calc", "b"],
    ["task → tool", "b", "calc"],
  ])("%s adds the tool to the task", (_, from, to) => {
    const crew = ok(connect(plainCrew(), from, to));
    expect(task(crew, "b").tools).toEqual(["calc"]);
    expect(task(crew, "a").tools).toEqual([]);
  });

  it.each([
    ["earlier → later", "a", "c"],
    ["later → earlier", "c", "a"],
  ])("task %s gives the later task the earlier one as context", (_, from, to) => {
    const result = connect(plainCrew(), from, to);
    const crew = ok(result);
    expect(task(crew, "c").context).toEqual(["a"]);
    expect(task(crew, "a").context).toBeUndefined();
    expect(result.ok && result.edge).toEqual({ id: "context:a:c", kind: "context", source: "a", target: "c" });
    expect(isStructurallySound(validateCrew(crew))).toBe(true);
  });

  it("appends to an existing context list", () => {
    const crew = ok(connect(plainCrew({ tasks: [testTask("a"), testTask("b"), testTask("c", { context: ["a"] })] }), "b", "c"));
    expect(task(crew, "c").context).toEqual(["a", "b"]);
  });

  it.each([
    ["agent ↔ agent", "researcher", "writer", ['agent "Analyst"', 'agent "Author"']],
    ["tool ↔ tool", "calc", "web", ['tool "calculator"', 'tool "http_get"']],
  ])("refuses %s with a reason naming both nodes", (_, a, b, names) => {
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      const reason = refused(connect(plainCrew(), x, y));
      for (const name of names) expect(reason).toContain(name);
    }
  });

  it("refuses a node connected to itself", () => {
    expect(refused(connect(plainCrew(), "a", "a"))).toMatch(/itself/);
  });

  it("refuses an unknown id at either end, naming it", () => {
    expect(refused(connect(plainCrew(), "ghost", "a"))).toContain('"ghost"');
    expect(refused(connect(plainCrew(), "a", "phantom"))).toContain('"phantom"');
  });

  it("refuses duplicates of every kind, in both directions", () => {
    const crew = validSequentialCrew();
    for (const [x, y] of [
      ["calc", "researcher"],
      ["researcher", "calc"],
      ["research", "write"],
      ["write", "research"],
      ["research", "researcher"],
      ["researcher", "research"],
    ] as const) {
      expect(connect(crew, x, y).ok, `${x} → ${y}`).toBe(false);
    }
    const withTaskTool = ok(connect(crew, "calc", "write"));
    expect(refused(connect(withTaskTool, "write", "calc"))).toMatch(/already uses/);
  });

  it("reassigns a task to another agent (a task has one agent)", () => {
    const crew = ok(connect(validSequentialCrew(), "write", "researcher"));
    expect(task(crew, "write").agent).toBe("researcher");
  });

  it("refuses context between async tasks of the same batch, allows it across batches", () => {
    const batch = plainCrew({ tasks: [testTask("a", { async: true }), testTask("b", { async: true }), testTask("c")] });
    expect(refused(connect(batch, "b", "a"))).toMatch(/async/);
    expect(refused(connect(batch, "a", "b"))).toMatch(/same time/);
    const split = plainCrew({ tasks: [testTask("a", { async: true }), testTask("b"), testTask("c", { async: true })] });
    expect(task(ok(connect(split, "a", "c")), "c").context).toEqual(["a"]);
  });
});

describe("disconnect", () => {
  it("removes a performs edge (the task has no agent at all afterwards)", () => {
    const crew = disconnect(validSequentialCrew(), { kind: "performs", source: "write", target: "writer" });
    expect("agent" in task(crew, "write")).toBe(false);
    expect(task(crew, "research").agent).toBe("researcher");
  });

  it("removes only the one context entry", () => {
    const base = plainCrew({ tasks: [testTask("a"), testTask("b"), testTask("c", { context: ["a", "b"] })] });
    const crew = disconnect(base, { kind: "context", source: "a", target: "c" });
    expect(task(crew, "c").context).toEqual(["b"]);
    expect(task(base, "c").context).toEqual(["a", "b"]);
  });

  it("removes a tool from an agent or from a task", () => {
    const base = testCrew({
      ...validSequentialCrew(),
      tasks: [testTask("research", { agent: "researcher", tools: ["calc"] })],
    });
    const fromAgent = disconnect(base, { kind: "uses", source: "calc", target: "researcher" });
    expect(agentTools(fromAgent, "researcher")).toEqual([]);
    expect(task(fromAgent, "research").tools).toEqual(["calc"]);
    const fromTask = disconnect(base, { kind: "uses", source: "calc", target: "research" });
    expect(task(fromTask, "research").tools).toEqual([]);
    expect(agentTools(fromTask, "researcher")).toEqual(["calc"]);
  });
});

describe("deleteNodes", () => {
  const rich = richCrew();
  const ids = [...rich.agents, ...rich.tasks, ...rich.tools].map((n) => n.id);

  it.each(ids)("removes %s and every reference to it", (id) => {
    const crew = deleteNodes(rich, [id]);
    expect(findNode(crew, id)).toBeUndefined();
    expect(JSON.stringify(crew)).not.toContain(`"${id}"`);
    expect(validateCrew(crew).filter((p) => p.level === "structure")).toEqual([]);
  });

  it("clears task.agent, context, tools, watch, the manager and the layout together", () => {
    const crew = deleteNodes(rich, ["boss", "find", "web"]);
    expect(crew.settings.managerAgent).toBeUndefined();
    expect("managerAgent" in crew.settings).toBe(false);
    expect(nth(crew.agents, 0).watch).toEqual([]);
    expect(nth(crew.agents, 0).tools).toEqual(["calc"]);
    expect(task(crew, "plan").context).toEqual(["budget"]);
    expect(Object.keys(crew.layout).sort()).toEqual(["scout"]);
    expect(rich.settings.managerAgent).toBe("boss");
    const orphan = deleteNodes(rich, ["scout"]);
    expect(orphan.tasks.every((t) => !("agent" in t))).toBe(true);
  });

  it.each(TEMPLATES.map((t) => [t.id, t.crew] as const))("leaves template %s sound whatever node goes", (_, crew) => {
    for (const node of [...crew.agents, ...crew.tasks, ...crew.tools]) {
      const problems = validateCrew(deleteNodes(crew, [node.id])).filter((p) => p.level === "structure");
      expect(problems, node.id).toEqual([]);
    }
  });
});

describe("reorderTask", () => {
  const chain = () => plainCrew({ tasks: [testTask("a"), testTask("b", { context: ["a"] }), testTask("c")] });
  const order = (crew: Crew) => crew.tasks.map((t) => t.id);

  it("moves a task to the given index", () => {
    expect(order(ok(reorderTask(chain(), "c", 0)))).toEqual(["c", "a", "b"]);
    expect(order(ok(reorderTask(chain(), "c", 1)))).toEqual(["a", "c", "b"]);
    expect(order(ok(reorderTask(plainCrew(), "a", 1)))).toEqual(["b", "a", "c"]);
  });

  it("refuses moving a task before its context, naming both", () => {
    const reason = refused(reorderTask(chain(), "b", 0));
    expect(reason).toContain('"b"');
    expect(reason).toContain('"a"');
  });

  it("refuses moving a context task after its consumer", () => {
    expect(refused(reorderTask(chain(), "a", 2))).toMatch(/must stay after/);
  });

  it("clamps the index into the list", () => {
    expect(order(ok(reorderTask(plainCrew(), "c", -5)))).toEqual(["c", "a", "b"]);
    expect(order(ok(reorderTask(plainCrew(), "a", 99)))).toEqual(["b", "c", "a"]);
  });

  it("returns the same crew for a move to the same place, and refuses an unknown task", () => {
    const crew = chain();
    expect(ok(reorderTask(crew, "c", 7))).toBe(crew);
    expect(refused(reorderTask(crew, "zzz", 0))).toContain('"zzz"');
  });
});

describe("deriveEdges", () => {
  it("derives the research-writer template's edges", () => {
    const crew = nth(TEMPLATES, 0).crew;
    const edges = deriveEdges(crew).sort((x, y) => (x.id < y.id ? -1 : 1));
    expect(edges).toEqual([
      { id: "context:research_task:write_task", kind: "context", source: "research_task", target: "write_task" },
      { id: "performs:research_task:researcher", kind: "performs", source: "research_task", target: "researcher" },
      { id: "performs:write_task:writer", kind: "performs", source: "write_task", target: "writer" },
      { id: "uses:web_fetch:researcher", kind: "uses", source: "web_fetch", target: "researcher" },
    ]);
  });

  it.each(TEMPLATES.map((t) => [t.id, t.crew] as const))("gives unique edge ids that disconnect removes (%s)", (_, crew) => {
    const edges = deriveEdges(crew);
    expect(new Set(edges.map((e) => e.id)).size).toBe(edges.length);
    for (const edge of edges) expect(deriveEdges(disconnect(crew, edge)).map((e) => e.id)).not.toContain(edge.id);
  });
});
