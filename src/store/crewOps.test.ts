import { describe, expect, it } from "vitest";
import { MANAGER_AGENT_ID } from "../engine/events";
import { type Crew, isStructurallySound, type Task, validateCrew } from "../model";
import { TEMPLATES } from "../model/templates";
import { nth, richCrew, testAgent, testCrew, testTask, testTool, validSequentialCrew } from "../model/testCrews";
import { connect, crewManager, deleteNodes, deriveEdges, disconnect, findNode, type OpResult, reorderTask } from "./crewOps";

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

  it("takes a deleted agent out of the others' addressees (sendTo)", () => {
    const crew = testCrew({
      process: "environment",
      agents: [testAgent("alex", { sendTo: ["bob", "cy"] }), testAgent("bob"), testAgent("cy")],
    });
    const after = deleteNodes(crew, ["bob"]);
    expect(after.agents.find((a) => a.id === "alex")?.sendTo).toEqual(["cy"]);
    expect(validateCrew(after).filter((p) => p.level === "structure")).toEqual([]);
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
    // Delegation edges follow from the process, so only the stored kinds are checked here.
    for (const edge of edges.filter((e) => e.kind !== "delegates"))
      expect(deriveEdges(disconnect(crew, edge)).map((e) => e.id)).not.toContain(edge.id);
  });
});

describe("watch and delegation edges", () => {
  const room = (fields: Partial<Crew> = {}) =>
    testCrew({
      process: "environment",
      agents: [testAgent("alex", { watch: ["bob", "chalice"] }), testAgent("bob", { watch: ["alex", "t1"] }), testAgent("chalice")],
      tasks: [testTask("t1", { agent: "alex" })],
      ...fields,
    });
  const ofKind = (crew: Crew, kind: string) =>
    deriveEdges(crew)
      .filter((e) => e.kind === kind)
      .map((e) => `${e.id} ${e.source}→${e.target}`);

  it("draws each watch entry of an environment crew as an edge from the watched node to the watcher", () => {
    expect(ofKind(room(), "watches")).toEqual([
      "watches:alex:bob bob→alex",
      "watches:alex:chalice chalice→alex",
      "watches:bob:alex alex→bob",
      "watches:bob:t1 t1→bob",
    ]);
    // Watching means nothing to the other processes: no edges there, the entries stay in the document.
    expect(ofKind(room({ process: "sequential" }), "watches")).toEqual([]);
    // An entry naming nothing in the crew is a validation problem, not an edge to nowhere.
    expect(ofKind(room({ agents: [testAgent("alex", { watch: ["ghost"] })] }), "watches")).toEqual([]);
  });

  it("connecting two agents of an environment crew makes the target watch the source; disconnect undoes it", () => {
    const result = connect(room(), "chalice", "bob");
    const crew = ok(result);
    expect(crew.agents.find((a) => a.id === "bob")?.watch).toEqual(["alex", "t1", "chalice"]);
    expect(result.ok && result.edge).toEqual({ id: "watches:bob:chalice", kind: "watches", source: "chalice", target: "bob" });
    expect(deriveEdges(crew).map((e) => e.id)).toContain("watches:bob:chalice");
    expect(refused(connect(crew, "chalice", "bob"))).toMatch(/already watches/);
    const back = disconnect(crew, { kind: "watches", source: "chalice", target: "bob" });
    expect(back.agents.find((a) => a.id === "bob")?.watch).toEqual(["alex", "t1"]);
  });

  it("refuses a watch between agents outside an environment crew, saying how to get one", () => {
    const reason = refused(connect(room({ process: "hierarchical" }), "alex", "bob"));
    expect(reason).toMatch(/only in an environment crew/);
    expect(reason).toContain("crew settings");
  });

  it("a hierarchical crew's chosen manager has an edge to every other agent", () => {
    const crew = room({ process: "hierarchical", settings: { ...room().settings, managerAgent: "alex" } });
    expect(crewManager(crew)).toBe("alex");
    expect(ofKind(crew, "delegates")).toEqual(["delegates:alex:bob alex→bob", "delegates:alex:chalice alex→chalice"]);
    // Derived from the process: removing one changes nothing in the document.
    expect(disconnect(crew, { kind: "delegates", source: "alex", target: "bob" })).toBe(crew);
  });

  it("without a chosen manager the generated one delegates to every agent; other processes have none", () => {
    const crew = room({ process: "hierarchical" });
    expect(crewManager(crew)).toBe(MANAGER_AGENT_ID);
    expect(ofKind(crew, "delegates")).toEqual(["alex", "bob", "chalice"].map((a) => `delegates:$manager:${a} $manager→${a}`));
    expect(crewManager(room())).toBeNull();
    expect(ofKind(room(), "delegates")).toEqual([]);
    expect(refused(connect(crew, MANAGER_AGENT_ID, "bob"))).toMatch(/generated Crew Manager/);
  });
});
