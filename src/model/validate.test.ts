import { describe, expect, it } from "vitest";
import type { Problem } from "./problems";
import type { Crew } from "./schema";
import { nth, testAgent, testCrew, testLlm, testTask, testTool, validSequentialCrew } from "./testCrews";
import { isStructurallySound, taskLabel, validateCrew } from "./validate";

const withCode = (crew: Crew, code: string): Problem[] => validateCrew(crew).filter((p) => p.code === code);

/** The one problem with `code`; fails when there is none or more than one. */
function only(crew: Crew, code: string): Problem {
  const found = withCode(crew, code);
  expect(found, `problems with code ${code}: ${JSON.stringify(validateCrew(crew), null, 1)}`).toHaveLength(1);
  return found[0] as Problem;
}

describe("a valid crew", () => {
  it("has no problems", () => {
    expect(validateCrew(validSequentialCrew())).toEqual([]);
  });

  it("has no problems in hierarchical process with a manager that neither works nor has tools", () => {
    const crew = validSequentialCrew({ process: "hierarchical", settings: { ...validSequentialCrew().settings, managerAgent: "boss" } });
    crew.agents.push(testAgent("boss"));
    expect(validateCrew(crew)).toEqual([]);
  });
});

describe("duplicate ids", () => {
  const cases: [string, Partial<Crew>, (string | number)[], string][] = [
    ["two agents", { agents: [testAgent("x"), testAgent("x")] }, ["agents", 1, "id"], "agents[0]"],
    ["an agent and a task", { agents: [testAgent("x")], tasks: [testTask("x", { agent: "x" })] }, ["tasks", 0, "id"], "agents[0]"],
    ["a task and a tool", { tasks: [testTask("x")], tools: [testTool("x")] }, ["tools", 0, "id"], "tasks[0]"],
    ["an agent and a tool", { agents: [testAgent("a"), testAgent("x")], tools: [testTool("x")] }, ["tools", 0, "id"], "agents[1]"],
  ];
  it.each(cases)("are refused between %s", (_, fields, path, first) => {
    const problem = only(testCrew(fields), "duplicate-id");
    expect(problem).toMatchObject({ level: "structure", path, ids: ["x"] });
    expect(problem.message).toContain('"x"');
    expect(problem.message).toContain(first);
  });

  it("reports each repeat after the first", () => {
    const problems = withCode(testCrew({ agents: [testAgent("x"), testAgent("x"), testAgent("x")] }), "duplicate-id");
    expect(problems.map((p) => p.path)).toEqual([
      ["agents", 1, "id"],
      ["agents", 2, "id"],
    ]);
  });

  it("are refused within model configs", () => {
    const problem = only(testCrew({ llms: [testLlm("m"), testLlm("n"), testLlm("m")] }), "duplicate-id");
    expect(problem).toMatchObject({ level: "structure", path: ["llms", 2, "id"], ids: ["m"] });
    expect(problem.message).toContain('"m"');
  });

  it("are allowed between a model config and a node, which live in separate namespaces", () => {
    expect(withCode(testCrew({ llms: [testLlm("x")], agents: [testAgent("x")] }), "duplicate-id")).toEqual([]);
  });
});

describe("unknown references", () => {
  const base = () => validSequentialCrew({ llms: [testLlm("m")] });

  interface Case {
    field: string;
    edit: (crew: Crew) => void;
    path: (string | number)[];
    ids: string[];
    message: RegExp;
  }
  const cases: Case[] = [
    {
      field: "task.agent",
      edit: (c) => {
        nth(c.tasks, 0).agent = "ghost";
      },
      path: ["tasks", 0, "agent"],
      ids: ["research", "ghost"],
      message: /task "research" refers to unknown agent "ghost"/,
    },
    {
      field: "task.context",
      edit: (c) => {
        nth(c.tasks, 1).context = ["research", "ghost"];
      },
      path: ["tasks", 1, "context", 1],
      ids: ["write", "ghost"],
      message: /task "write" refers to unknown task "ghost"/,
    },
    {
      field: "task.tools",
      edit: (c) => {
        nth(c.tasks, 1).tools = ["ghost"];
      },
      path: ["tasks", 1, "tools", 0],
      ids: ["write", "ghost"],
      message: /task "write" refers to unknown tool "ghost"/,
    },
    {
      field: "agent.tools",
      edit: (c) => {
        nth(c.agents, 0).tools = ["calc", "ghost"];
      },
      path: ["agents", 0, "tools", 1],
      ids: ["researcher", "ghost"],
      message: /agent "researcher" refers to unknown tool "ghost"/,
    },
    {
      field: "agent.llm",
      edit: (c) => {
        nth(c.agents, 1).llm = "ghost";
      },
      path: ["agents", 1, "llm"],
      ids: ["writer", "ghost"],
      message: /agent "writer" refers to unknown model config "ghost"/,
    },
    {
      field: "agent.watch",
      edit: (c) => {
        nth(c.agents, 1).watch = ["research", "ghost"];
      },
      path: ["agents", 1, "watch", 1],
      ids: ["writer", "ghost"],
      message: /agent "writer" watches unknown agent or task "ghost"/,
    },
    {
      field: "defaultLlm",
      edit: (c) => {
        c.defaultLlm = "ghost";
      },
      path: ["defaultLlm"],
      ids: ["ghost"],
      message: /default model refers to unknown model config "ghost"/,
    },
    {
      field: "settings.managerLlm",
      edit: (c) => {
        c.settings.managerLlm = "ghost";
      },
      path: ["settings", "managerLlm"],
      ids: ["ghost"],
      message: /manager model refers to unknown model config "ghost"/,
    },
    {
      field: "settings.managerAgent",
      edit: (c) => {
        c.settings.managerAgent = "ghost";
      },
      path: ["settings", "managerAgent"],
      ids: ["ghost"],
      message: /manager refers to unknown agent "ghost"/,
    },
  ];

  it.each(cases)("are refused in $field", ({ edit, path, ids, message }) => {
    const crew = base();
    edit(crew);
    const problem = only(crew, "unknown-id");
    expect(problem).toMatchObject({ level: "structure", path, ids });
    expect(problem.message).toMatch(message);
    expect(isStructurallySound(validateCrew(crew))).toBe(false);
  });

  it("accept references that exist", () => {
    const crew = base();
    crew.agents[1] = testAgent("writer", { llm: "m", watch: ["researcher", "research"] });
    crew.defaultLlm = "m";
    crew.settings.managerLlm = "m";
    expect(validateCrew(crew)).toEqual([]);
  });

  it("do not accept a task id where an agent is expected", () => {
    const crew = base();
    crew.tasks[0] = testTask("research", { agent: "write" });
    expect(only(crew, "unknown-id").path).toEqual(["tasks", 0, "agent"]);
  });

  it("name a task by its name when it has one", () => {
    const crew = base();
    crew.tasks[0] = testTask("research", { name: "Dig in", agent: "ghost" });
    expect(only(crew, "unknown-id").message).toContain('task "Dig in" (research)');
  });
});

describe("context order", () => {
  it("refuses a task using its own output", () => {
    const crew = validSequentialCrew();
    crew.tasks[1] = testTask("write", { agent: "writer", context: ["research", "write"] });
    const problem = only(crew, "context-self");
    expect(problem).toMatchObject({ level: "structure", path: ["tasks", 1, "context", 1], ids: ["write"] });
    expect(problem.message).toContain('"write"');
    expect(withCode(crew, "context-cycle")).toEqual([]);
  });

  it("refuses context from a task that runs later", () => {
    const crew = validSequentialCrew();
    crew.tasks[0] = testTask("research", { agent: "researcher", context: ["write"] });
    crew.tasks[1] = testTask("write", { agent: "writer" });
    const problem = only(crew, "context-later");
    expect(problem).toMatchObject({ level: "structure", path: ["tasks", 0, "context", 0], ids: ["research", "write"] });
    expect(problem.message).toMatch(/task "research" uses the output of "write", which runs later/);
  });

  it("allows context from any earlier task and an empty context", () => {
    const crew = validSequentialCrew();
    crew.tasks.push(
      testTask("edit", { agent: "writer", context: ["research", "write"] }),
      testTask("alone", { agent: "writer", context: [] }),
    );
    expect(validateCrew(crew)).toEqual([]);
  });

  it("reports a cycle with the ids in it", () => {
    const crew = testCrew({
      agents: [testAgent("a")],
      tasks: [
        testTask("t1", { agent: "a", context: ["t3"] }),
        testTask("t2", { agent: "a", context: ["t1"] }),
        testTask("t3", { agent: "a", context: ["t2"] }),
      ],
    });
    const problem = only(crew, "context-cycle");
    expect(problem).toMatchObject({ level: "structure", path: ["tasks", 0, "context"] });
    expect([...problem.ids].sort()).toEqual(["t1", "t2", "t3"]);
    expect(problem.message).toContain("t1 → t3 → t2 → t1");
    // The forward edge that closes the cycle is reported as well.
    expect(only(crew, "context-later").ids).toEqual(["t1", "t3"]);
  });

  it("finds no cycle in a diamond", () => {
    const crew = testCrew({
      agents: [testAgent("a")],
      tasks: [
        testTask("t1", { agent: "a", context: [] }),
        testTask("t2", { agent: "a", context: ["t1"] }),
        testTask("t3", { agent: "a", context: ["t1"] }),
        testTask("t4", { agent: "a", context: ["t2", "t3"] }),
      ],
    });
    expect(validateCrew(crew)).toEqual([]);
  });
});

describe("async batches", () => {
  const crewOf = (...tasks: ReturnType<typeof testTask>[]) => testCrew({ agents: [testAgent("a")], tasks });

  it("flag an async task waiting for an async task that starts with it", () => {
    const crew = crewOf(testTask("t1", { agent: "a", async: true }), testTask("t2", { agent: "a", async: true, context: ["t1"] }));
    const problem = only(crew, "async-same-batch");
    expect(problem).toMatchObject({ level: "run", path: ["tasks", 1, "context", 0], ids: ["t2", "t1"] });
    expect(problem.message).toContain('"t2"');
    expect(problem.message).toContain('"t1"');
    expect(isStructurallySound(validateCrew(crew))).toBe(true);
  });

  it("flag dependencies anywhere in the batch, not only on the neighbour", () => {
    const crew = crewOf(
      testTask("t1", { agent: "a", async: true }),
      testTask("t2", { agent: "a", async: true, context: [] }),
      testTask("t3", { agent: "a", async: true, context: ["t1"] }),
    );
    expect(only(crew, "async-same-batch").ids).toEqual(["t3", "t1"]);
  });

  it("are broken by a synchronous task between them", () => {
    const crew = crewOf(
      testTask("t1", { agent: "a", async: true }),
      testTask("sync", { agent: "a" }),
      testTask("t2", { agent: "a", async: true, context: ["t1"] }),
    );
    expect(validateCrew(crew)).toEqual([]);
  });

  it("let a synchronous task wait for async ones", () => {
    const crew = crewOf(testTask("t1", { agent: "a", async: true }), testTask("t2", { agent: "a", context: ["t1"] }));
    expect(validateCrew(crew)).toEqual([]);
  });
});

describe("completeness", () => {
  it.each(["role", "goal", "backstory"] as const)("requires an agent %s (blank counts as empty)", (field) => {
    const crew = validSequentialCrew();
    crew.agents[1] = testAgent("writer", { [field]: "  \n " });
    const problem = only(crew, "empty-field");
    expect(problem).toMatchObject({ level: "run", path: ["agents", 1, field], ids: ["writer"] });
    expect(problem.message).toContain('agent "writer"');
  });

  it.each([
    ["description", /needs a description/],
    ["expectedOutput", /needs an expected output/],
  ] as const)("requires a task %s", (field, message) => {
    const crew = validSequentialCrew();
    crew.tasks[0] = testTask("research", { agent: "researcher", [field]: "" });
    const problem = only(crew, "empty-field");
    expect(problem).toMatchObject({ level: "run", path: ["tasks", 0, field], ids: ["research"] });
    expect(problem.message).toMatch(message);
    expect(problem.message).toContain('"research"');
  });

  it("requires an agent on every task in sequential process only", () => {
    const crew = validSequentialCrew();
    crew.tasks[1] = testTask("write", { context: ["research"] });
    const problem = only(crew, "task-without-agent");
    expect(problem).toMatchObject({ level: "run", path: ["tasks", 1, "agent"], ids: ["write"] });
    expect(problem.message).toContain('"write"');
    for (const process of ["hierarchical", "environment"] as const) {
      expect(withCode({ ...crew, process }, "task-without-agent")).toEqual([]);
    }
  });

  it("refuses to run a conditional first task", () => {
    const crew = validSequentialCrew();
    crew.tasks[0] = testTask("research", { agent: "researcher", condition: { type: "rule", rule: "always" } });
    const problem = only(crew, "condition-first");
    expect(problem).toMatchObject({ level: "run", path: ["tasks", 0, "condition"], ids: ["research"] });
    expect(problem.message).toContain('"research"');
  });

  it("allows a conditional task after the first", () => {
    const crew = validSequentialCrew();
    crew.tasks[1] = testTask("write", { agent: "writer", condition: { type: "jsonPath", path: "$.ok", op: "truthy" } });
    expect(validateCrew(crew)).toEqual([]);
  });

  it("asks for the rule of a rule condition", () => {
    const crew = validSequentialCrew();
    crew.tasks[1] = testTask("write", { agent: "writer", condition: { type: "rule", rule: "  " } });
    const problem = only(crew, "empty-field");
    expect(problem).toMatchObject({ level: "run", path: ["tasks", 1, "condition", "rule"], ids: ["write"] });
    expect(problem.message).toContain('"write"');
  });

  it("refuses a conditional async task", () => {
    const crew = validSequentialCrew();
    crew.tasks[1] = testTask("write", { agent: "writer", async: true, condition: { type: "rule", rule: "if needed" } });
    const problem = only(crew, "condition-async");
    expect(problem).toMatchObject({ level: "run", path: ["tasks", 1, "condition"], ids: ["write"] });
    expect(problem.message).toContain('"write"');
  });

  it("asks for tasks and agents in an empty crew", () => {
    const crew = testCrew();
    expect(validateCrew(crew)).toEqual([
      expect.objectContaining({ code: "no-tasks", level: "run", path: ["tasks"], ids: [] }),
      expect.objectContaining({ code: "no-agents", level: "run", path: ["agents"], ids: [] }),
    ]);
    expect(isStructurallySound(validateCrew(crew))).toBe(true);
  });

  it("does not ask for tasks in environment process, where agents react to messages", () => {
    const crew = testCrew({ process: "environment", agents: [testAgent("a")] });
    expect(validateCrew(crew)).toEqual([]);
  });
});

describe("hierarchical manager", () => {
  const hierarchical = (manager: string, managerFields = {}) => {
    const crew = validSequentialCrew({ process: "hierarchical" });
    crew.agents.push(testAgent("boss", managerFields));
    crew.settings.managerAgent = manager;
    return crew;
  };

  it("must not perform tasks", () => {
    const crew = hierarchical("writer");
    const problem = only(crew, "manager-is-worker");
    expect(problem).toMatchObject({ level: "run", path: ["settings", "managerAgent"], ids: ["writer"] });
    expect(problem.message).toContain('"writer"');
  });

  it("must not have tools", () => {
    const crew = hierarchical("boss", { tools: ["calc"] });
    const problem = only(crew, "manager-has-tools");
    expect(problem).toMatchObject({ level: "run", path: ["agents", 2, "tools"], ids: ["boss"] });
    expect(problem.message).toContain('"boss"');
  });

  it("needs at least one other agent to delegate to", () => {
    const crew = validSequentialCrew({ process: "hierarchical" });
    crew.agents = [testAgent("boss")];
    crew.tasks = crew.tasks.map((t) => ({ ...t, agent: undefined }));
    crew.settings.managerAgent = "boss";
    expect(only(crew, "no-workers")).toMatchObject({ level: "run", path: ["agents"], ids: ["boss"] });
    expect(withCode(hierarchical("boss"), "no-workers")).toEqual([]);
  });

  it("is only checked in hierarchical process", () => {
    const crew = { ...hierarchical("researcher"), process: "sequential" as const };
    expect(withCode(crew, "manager-is-worker")).toEqual([]);
    expect(withCode(crew, "manager-has-tools")).toEqual([]);
  });
});

describe("taskLabel", () => {
  it("uses the trimmed name and id, or the id alone", () => {
    expect(taskLabel({ id: "t1", name: "  Research " })).toBe('"Research" (t1)');
    expect(taskLabel({ id: "t1", name: " " })).toBe('"t1"');
  });
});
