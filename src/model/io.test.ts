import { describe, expect, it } from "vitest";
import { crewFileName, type ReadResult, readCrewJson, readCrewValue, scrubSecrets, serializeCrew } from "./io";
import type { Problem } from "./problems";
import {
  AgentSchema,
  ConditionSchema,
  type Crew,
  CrewSchema,
  GuardrailSchema,
  LlmConfigSchema,
  SettingsSchema,
  TaskSchema,
  ToolSchema,
} from "./schema";
import { rawCrewDoc, richCrew, testAgent, testCrew, testTask, testTool, validSequentialCrew } from "./testCrews";

function refused(result: ReadResult): Problem[] {
  if (result.ok) throw new Error(`expected the crew to be refused, got ${JSON.stringify(result.problems)}`);
  return result.problems;
}

function accepted(result: ReadResult) {
  if (!result.ok) throw new Error(`expected the crew to be accepted, got ${JSON.stringify(result.problems)}`);
  return result;
}

/** The single problem message of a refused read. */
function syntaxMessage(text: string): string {
  const problems = refused(readCrewJson(text));
  expect(problems).toHaveLength(1);
  expect(problems[0]).toMatchObject({ code: "json.syntax", level: "structure", path: [] });
  return problems[0]?.message ?? "";
}

describe("readCrewJson syntax errors", () => {
  it("reports the line and column of a missing comma", () => {
    const message = syntaxMessage('{\n  "format": "crewdeck.crew"\n  "version": 1\n}');
    expect(message).toMatch(/^not valid JSON at line 3, column 3: /);
    expect(message).not.toMatch(/position/);
  });

  it("reports line and column for errors V8 gives no position for, without echoing the file", () => {
    const text = '{\n  "name": "position 99",\n  "agents": [tru]\n}';
    const message = syntaxMessage(text);
    expect(message).toMatch(/^not valid JSON at line 3, column 17: /);
    expect(message).not.toContain("agents");
    expect(message).not.toContain("is not valid JSON");
  });

  it.each([
    ['{"a": 1,}', 1, 9],
    ['{\n\t"a": -,\n}', 2, 8],
    ['{"a": "x\\q"}', 1, 10],
    ['{\n  "a": "unterminated', 2, 21],
    ['{"a": 1}\n\nx', 3, 1],
    ['{\n  "a": 1.\n}', 2, 10],
    ['{\n  "a": [1,\n 2,,\n]}', 3, 4],
    ['{"a":', 1, 6],
  ])("locates the error in %j at line %i, column %i", (text, line, column) => {
    expect(syntaxMessage(text)).toContain(`at line ${line}, column ${column}:`);
  });

  it.each(["", "   \n\t "])("says an empty file (%j) is empty", (text) => {
    expect(syntaxMessage(text)).toBe("the file is empty");
  });
});

describe("readCrewJson", () => {
  it("refuses a document that is not a crew with the envelope problem", () => {
    expect(refused(readCrewJson("[1, 2]"))[0]?.code).toBe("migrate.format");
    expect(refused(readCrewJson('{"name": "x"}'))[0]?.path).toEqual(["format"]);
    expect(refused(readCrewJson(JSON.stringify(rawCrewDoc({ version: 99 }))))[0]?.code).toBe("migrate.too-new");
  });

  it("returns schema errors as structure problems with paths", () => {
    const text = JSON.stringify(
      rawCrewDoc({ agents: [{ id: "a", maxIter: 0 }], tasks: [{ id: "bad id" }], llms: [{ id: "m", model: "x", apiKey: "sk-1" }] }),
    );
    const problems = refused(readCrewJson(text));
    expect(problems.every((p) => p.level === "structure" && p.code.startsWith("schema."))).toBe(true);
    expect(problems.map((p) => p.path)).toEqual(
      expect.arrayContaining([
        ["agents", 0, "maxIter"],
        ["tasks", 0, "id"],
        ["llms", 0],
      ]),
    );
    expect(problems).toHaveLength(3);
  });

  it("refuses structural graph problems and returns only those", () => {
    const crew = validSequentialCrew();
    crew.tasks[0] = testTask("research", { agent: "ghost", description: "" });
    const problems = refused(readCrewJson(JSON.stringify(crew)));
    expect(problems).toEqual([expect.objectContaining({ code: "unknown-id", level: "structure", path: ["tasks", 0, "agent"] })]);
  });

  it("accepts a crew with run-level problems and returns them", () => {
    const crew = validSequentialCrew();
    crew.agents[1] = testAgent("writer", { goal: "" });
    const result = accepted(readCrewJson(JSON.stringify(crew)));
    expect(result.problems).toEqual([expect.objectContaining({ code: "empty-field", level: "run", path: ["agents", 1, "goal"] })]);
    expect(result.crew).toEqual(crew);
  });

  it("fills defaults, reports no migrations for a current file", () => {
    const result = accepted(readCrewJson(JSON.stringify(rawCrewDoc({ agents: [{ id: "a", role: "r", goal: "g", backstory: "b" }] }))));
    expect(result.crew.agents[0]?.maxIter).toBe(25);
    expect(result.crew.settings.concurrency).toBe(8);
    expect(result.migrations).toEqual([]);
    expect(result).not.toHaveProperty("migratedFrom");
  });

  it("reads an already parsed value the same way", () => {
    const crew = validSequentialCrew();
    expect(readCrewValue(JSON.parse(JSON.stringify(crew)))).toEqual(readCrewJson(JSON.stringify(crew)));
    expect(readCrewValue(null).ok).toBe(false);
  });
});

describe("export and import", () => {
  it("uses every field of every schema in the rich fixture", () => {
    const crew = richCrew();
    const used = (objects: readonly object[]) => new Set(objects.flatMap((o) => Object.keys(o)));
    const conditions = crew.tasks.flatMap((t) => (t.condition ? [t.condition] : []));
    const checks: [string, object, readonly object[]][] = [
      ["crew", CrewSchema.shape, [crew]],
      ["llm", LlmConfigSchema.shape, crew.llms],
      ["agent", AgentSchema.shape, crew.agents],
      ["task", TaskSchema.shape, crew.tasks],
      ["tool", ToolSchema.shape, crew.tools],
      ["settings", SettingsSchema.shape, [crew.settings]],
      ["guardrail", GuardrailSchema.shape, crew.tasks.flatMap((t) => (t.guardrail ? [t.guardrail] : []))],
      ...ConditionSchema.options.map((o, i): [string, object, readonly object[]] => [
        `condition ${i}`,
        o.shape,
        conditions.filter((c) => c.type === o.shape.type.value),
      ]),
    ];
    for (const [name, shape, objects] of checks) {
      const missing = Object.keys(shape).filter((k) => !used(objects).has(k));
      expect(missing, `${name} fields missing from richCrew()`).toEqual([]);
    }
    expect(new Set(crew.llms.map((l) => l.provider))).toEqual(new Set(LlmConfigSchema.shape.provider.unwrap().options));
  });

  it("round-trips a rich crew without loss", () => {
    const crew = richCrew();
    const result = accepted(readCrewJson(serializeCrew(crew)));
    expect(result.problems).toEqual([]);
    expect(result.crew).toStrictEqual(crew);
    expect(serializeCrew(result.crew)).toBe(serializeCrew(crew));
  });

  it("does not modify the crew it serializes", () => {
    const crew = richCrew();
    crew.tools[0] = testTool("web", { config: { apiKey: "x" } });
    crew.layout.ghost = { x: 1, y: 1 };
    const before = structuredClone(crew);
    serializeCrew(crew);
    expect(crew).toStrictEqual(before);
  });
});

/** Reverses the key order of every schema-defined object; free-form records (inputs, config, outputSchema) keep theirs. */
function shuffled(crew: Crew): Crew {
  const rev = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).reverse()) as T;
  return rev({
    ...crew,
    llms: crew.llms.map(rev),
    agents: crew.agents.map(rev),
    tasks: crew.tasks.map((t) =>
      rev({ ...t, ...(t.guardrail ? { guardrail: rev(t.guardrail) } : {}), ...(t.condition ? { condition: rev(t.condition) } : {}) }),
    ),
    tools: crew.tools.map(rev),
    settings: rev(crew.settings),
    layout: rev(Object.fromEntries(Object.entries(crew.layout).map(([id, p]) => [id, rev(p)]))),
  });
}

describe("serializeCrew", () => {
  it("gives byte-identical output for the same crew, whatever the key order", () => {
    const crew = richCrew();
    const text = serializeCrew(crew);
    expect(serializeCrew(richCrew())).toBe(text);
    const reordered = shuffled(crew);
    expect(Object.keys(reordered)[0]).toBe("layout");
    expect(serializeCrew(reordered)).toBe(text);
  });

  it("pretty-prints with two spaces, schema key order and one final newline", () => {
    const text = serializeCrew(validSequentialCrew());
    expect(text.startsWith('{\n  "format": "crewdeck.crew",\n  "version": 1,\n  "name": "Test crew",\n')).toBe(true);
    expect(text.endsWith("}\n")).toBe(true);
    expect(text.endsWith("\n\n")).toBe(false);
    expect(Object.keys(JSON.parse(serializeCrew(richCrew())))).toEqual(Object.keys(CrewSchema.shape));
  });

  it("orders layout keys and drops entries for unknown nodes", () => {
    const crew = testCrew({
      agents: [testAgent("b-agent")],
      tasks: [testTask("c-task", { agent: "b-agent" })],
      tools: [testTool("a-tool")],
      llms: [{ id: "m", provider: "openai-compatible", model: "x" }],
      layout: { "c-task": { x: 3, y: 3 }, ghost: { x: 9, y: 9 }, "b-agent": { x: 2, y: 2 }, m: { x: 0, y: 0 }, "a-tool": { x: 1, y: 1 } },
    });
    const layout = JSON.parse(serializeCrew(crew)).layout as Record<string, unknown>;
    expect(Object.keys(layout)).toEqual(["a-tool", "b-agent", "c-task"]);
    expect(layout["a-tool"]).toEqual({ x: 1, y: 1 });
  });

  it("fills defaults of a crew built by hand", () => {
    const partial = { ...testCrew(), settings: { concurrency: 2 } } as unknown as Crew;
    expect(JSON.parse(serializeCrew(partial)).settings).toEqual({
      concurrency: 2,
      cache: true,
      memory: false,
      memoryLimit: 5,
      memoryThreshold: 0.2,
      knowledgeLimit: 3,
      planning: false,
      dagScheduling: false,
      delegationDepth: 3,
      maxRounds: 5,
    });
  });
});

describe("secrets", () => {
  const secretConfig = {
    url: "https://api.example.com",
    apiKey: "abc",
    api_key: "abc",
    "x-api-key": "abc",
    token: "abc",
    accessToken: "abc",
    Authorization: "Bearer abc",
    password: "hunter2",
    clientSecret: "abc",
    model: "sk-abcdefghijklmnop",
    github: "ghp_abcdefghijklmnop",
    headers: { Authorization: "Bearer abc", accept: "application/json", "X-Api-Key": "abc" },
    list: [{ token: "abc", keep: 1 }, "sk-proj-abcdefgh12345", "plain", 42, true, null],
    retries: 3,
  };
  const scrubbed = {
    url: "https://api.example.com",
    model: "",
    github: "",
    headers: { accept: "application/json" },
    list: [{ keep: 1 }, "", "plain", 42, true, null],
    retries: 3,
  };

  it("scrubSecrets drops secret keys and blanks secret-looking values, including nested ones", () => {
    expect(scrubSecrets(secretConfig)).toEqual(scrubbed);
  });

  it("keeps ordinary values, including short sk- words", () => {
    expect(scrubSecrets({ note: "sk-short", name: "skeleton-key-ring", n: 0 })).toEqual({
      note: "sk-short",
      name: "skeleton-key-ring",
      n: 0,
    });
    expect(scrubSecrets("hello")).toBe("hello");
    expect(scrubSecrets(null)).toBe(null);
  });

  it("are scrubbed from tool config on export", () => {
    const crew = validSequentialCrew();
    crew.tools[0] = testTool("calc", { config: secretConfig });
    const text = serializeCrew(crew);
    expect(text).not.toMatch(/abc|hunter2|sk-[a-z]|ghp_/);
    const result = accepted(readCrewJson(text));
    expect(result.crew.tools[0]?.config).toEqual(scrubbed);
  });
});

describe("crewFileName", () => {
  it.each([
    ["Trip Planner!", "trip-planner.crew.json"],
    ["Café Crew", "cafe-crew.crew.json"],
    ["Équipe à Zürich", "equipe-a-zurich.crew.json"],
    ["  --Research   & Write--  ", "research-write.crew.json"],
    ["v2.0 crew", "v2-0-crew.crew.json"],
    ["", "crew.crew.json"],
    ["!!!", "crew.crew.json"],
    ["日本語", "crew.crew.json"],
  ])("names %j %j", (name, file) => {
    expect(crewFileName(name)).toBe(file);
  });

  it("shortens long names to 80 characters without a dangling dash", () => {
    const name = `${"a".repeat(79)} ${"b".repeat(20)}`;
    expect(crewFileName(name)).toBe(`${"a".repeat(79)}.crew.json`);
    expect(crewFileName("x".repeat(200))).toBe(`${"x".repeat(80)}.crew.json`);
  });
});
