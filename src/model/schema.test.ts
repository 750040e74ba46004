import { describe, expect, it } from "vitest";
import { AgentSchema, CREW_VERSION, CrewSchema, IdSchema, LlmConfigSchema, TaskSchema } from "./schema";
import { rawCrewDoc } from "./testCrews";

describe("CrewSchema defaults", () => {
  it("fills every defaulted field of a minimal crew", () => {
    const crew = CrewSchema.parse(rawCrewDoc());
    expect(crew).toEqual({
      format: "crewdeck.crew",
      version: CREW_VERSION,
      name: "Test crew",
      description: "",
      process: "sequential",
      inputs: {},
      llms: [],
      agents: [],
      tasks: [],
      tools: [],
      settings: {
        concurrency: 8,
        cache: true,
        memory: false,
        memoryLimit: 5,
        memoryThreshold: 0.2,
        knowledgeLimit: 3,
        planning: false,
        dagScheduling: false,
        delegationDepth: 3,
        maxRounds: 5,
      },
      layout: {},
    });
  });

  it("fills the defaults of nested agents, tasks, tools, llms, guardrails and conditions", () => {
    const crew = CrewSchema.parse(
      rawCrewDoc({
        llms: [{ id: "m", model: "x" }],
        agents: [{ id: "a" }],
        tasks: [{ id: "t", guardrail: { rule: "short" }, condition: { type: "jsonPath", path: "$.ok" } }],
        tools: [{ id: "k", name: "calculator" }],
      }),
    );
    expect(crew.llms[0]).toEqual({ id: "m", provider: "openai-compatible", model: "x" });
    expect(crew.agents[0]).toEqual({
      id: "a",
      role: "",
      goal: "",
      backstory: "",
      tools: [],
      allowDelegation: false,
      maxIter: 25,
      memory: false,
      watch: [],
      sendTo: [],
    });
    expect(crew.tasks[0]).toEqual({
      id: "t",
      name: "",
      description: "",
      expectedOutput: "",
      async: false,
      tools: [],
      humanInput: false,
      guardrail: { rule: "short", maxRetries: 3 },
      condition: { type: "jsonPath", path: "$.ok", op: "truthy" },
    });
    expect(crew.tasks[0]).not.toHaveProperty("context");
    expect(crew.tools[0]).toEqual({ id: "k", kind: "builtin", name: "calculator", description: "", config: {} });
  });

  it("gives each crew its own settings object", () => {
    const a = CrewSchema.parse(rawCrewDoc());
    const b = CrewSchema.parse(rawCrewDoc());
    a.settings.concurrency = 1;
    expect(b.settings.concurrency).toBe(8);
  });

  it("requires format, version and name", () => {
    const result = CrewSchema.safeParse({});
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((i) => i.path.join(".")).sort();
    expect(paths).toEqual(["format", "name", "version"]);
  });

  it("accepts only the current version", () => {
    expect(CrewSchema.safeParse(rawCrewDoc({ version: CREW_VERSION + 1 })).success).toBe(false);
  });
});

describe("strict objects", () => {
  const unknownKeyIssue = (input: unknown) => {
    const result = CrewSchema.safeParse(input);
    expect(result.success).toBe(false);
    return result.error?.issues.find((i) => i.code === "unrecognized_keys");
  };

  it("rejects an unknown top-level key", () => {
    const issue = unknownKeyIssue(rawCrewDoc({ colour: "blue" }));
    expect(issue?.path).toEqual([]);
    expect(issue).toMatchObject({ keys: ["colour"] });
  });

  it("rejects unknown keys in nested objects with the path to them", () => {
    expect(unknownKeyIssue(rawCrewDoc({ agents: [{ id: "a" }, { id: "b", persona: "x" }] }))?.path).toEqual(["agents", 1]);
    expect(unknownKeyIssue(rawCrewDoc({ tasks: [{ id: "t", guardrail: { rule: "r", retries: 2 } }] }))?.path).toEqual([
      "tasks",
      0,
      "guardrail",
    ]);
    expect(unknownKeyIssue(rawCrewDoc({ tasks: [{ id: "t", condition: { type: "rule", rule: "r", extra: 1 } }] }))?.path).toEqual([
      "tasks",
      0,
      "condition",
    ]);
    expect(unknownKeyIssue(rawCrewDoc({ tools: [{ id: "k", name: "calculator", secret: "x" }] }))?.path).toEqual(["tools", 0]);
    expect(unknownKeyIssue(rawCrewDoc({ settings: { verbose: true } }))?.path).toEqual(["settings"]);
    expect(unknownKeyIssue(rawCrewDoc({ layout: { a: { x: 1, y: 2, z: 3 } } }))?.path).toEqual(["layout", "a"]);
  });

  it("keeps API keys out of model configs", () => {
    for (const key of ["apiKey", "api_key", "key"]) {
      const issue = unknownKeyIssue(rawCrewDoc({ llms: [{ id: "m", model: "gpt", [key]: "sk-secret-value" }] }));
      expect(issue?.path).toEqual(["llms", 0]);
      expect(issue).toMatchObject({ keys: [key] });
    }
    expect(LlmConfigSchema.safeParse({ id: "m", model: "gpt", apiKey: "sk-1234567890" }).success).toBe(false);
  });

  it("still allows free-form keys where the format says so", () => {
    const result = CrewSchema.safeParse(
      rawCrewDoc({
        inputs: { anything: "goes" },
        tools: [{ id: "k", name: "http_get", config: { headers: { accept: "text/html" } } }],
        tasks: [{ id: "t", outputSchema: { type: "object", whatever: true } }],
      }),
    );
    expect(result.success).toBe(true);
  });
});

describe("ids", () => {
  it.each(["a", "agent-1", "task_2", "v1.2", "A.b-C_9", "x".repeat(80)])("accepts %j", (id) => {
    expect(IdSchema.safeParse(id).success).toBe(true);
  });

  it.each(["", "has space", "slash/id", "ümlaut", "a:b", "x".repeat(81)])("rejects %j", (id) => {
    expect(IdSchema.safeParse(id).success).toBe(false);
  });

  it("explains what an id may contain", () => {
    const result = AgentSchema.safeParse({ id: "my agent" });
    expect(result.error?.issues[0]?.path).toEqual(["id"]);
    expect(result.error?.issues[0]?.message).toMatch(/letters, digits/);
  });

  it("checks ids used as references too", () => {
    const result = TaskSchema.safeParse({ id: "t", context: ["ok", "not ok"] });
    expect(result.error?.issues.map((i) => i.path)).toEqual([["context", 1]]);
  });
});

describe("LlmConfig.baseUrl", () => {
  const parse = (baseUrl: string) => LlmConfigSchema.safeParse({ id: "m", model: "x", baseUrl });

  it.each(["http://localhost:11434/v1", "https://api.example.com/v1", "HTTPS://API.EXAMPLE.COM"])("accepts %s", (url) => {
    expect(parse(url).success).toBe(true);
  });

  it.each(["ftp://example.com", "file:///etc/passwd", "javascript:alert(1)", "localhost:11434", "not a url", ""])("rejects %j", (url) => {
    const result = parse(url);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["baseUrl"]);
    expect(result.error?.issues[0]?.message).toMatch(/http\(s\) URL/);
  });
});

describe("value ranges", () => {
  it("bounds numbers", () => {
    expect(LlmConfigSchema.safeParse({ id: "m", model: "x", temperature: 2.5 }).success).toBe(false);
    expect(LlmConfigSchema.safeParse({ id: "m", model: "x", topP: 1.1 }).success).toBe(false);
    expect(AgentSchema.safeParse({ id: "a", maxIter: 0 }).success).toBe(false);
    expect(AgentSchema.safeParse({ id: "a", maxIter: 1.5 }).success).toBe(false);
    expect(CrewSchema.safeParse(rawCrewDoc({ settings: { concurrency: 65 } })).success).toBe(false);
    expect(CrewSchema.safeParse(rawCrewDoc({ layout: { a: { x: Number.POSITIVE_INFINITY, y: 0 } } })).success).toBe(false);
  });

  it("requires a known condition type", () => {
    const result = TaskSchema.safeParse({ id: "t", condition: { type: "llm", rule: "x" } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["condition", "type"]);
  });
});
