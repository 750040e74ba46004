/**
 * Crew builders shared by the model's unit tests (not used by the app). Every builder returns a fresh
 * object, so a test may mutate what it gets without affecting another test.
 */
import { newAgent, newTask, newTool } from "./factory";
import { type Agent, CREW_VERSION, type Crew, CrewSchema, type LlmConfig, type Task, type Tool } from "./schema";

/** `list[i]`, failing loudly when it is missing (tests index into arrays a lot under noUncheckedIndexedAccess). */
export function nth<T>(list: readonly T[], i: number): T {
  if (i < 0 || i >= list.length) throw new Error(`no element ${i} in a list of ${list.length}`);
  return list[i] as T;
}

/** The raw JSON a person might write: only the required envelope plus whatever is given. */
export function rawCrewDoc(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { format: "crewdeck.crew", version: CREW_VERSION, name: "Test crew", ...fields };
}

/** An agent with every required text filled in, so it triggers no completeness problem. */
export function testAgent(id: string, fields: Partial<Agent> = {}): Agent {
  return { ...newAgent(id), role: `Role of ${id}`, goal: `Goal of ${id}`, backstory: `Backstory of ${id}`, ...fields };
}

/** A task with description and expected output filled in; pass `agent` to assign it. */
export function testTask(id: string, fields: Partial<Task> = {}): Task {
  return { ...newTask(id), description: `Do ${id}`, expectedOutput: `Result of ${id}`, ...fields };
}

/** A built-in tool (calculator unless `name` says otherwise). */
export function testTool(id: string, fields: Partial<Tool> = {}): Tool {
  return { ...newTool(id, fields.name ?? "calculator"), ...fields };
}

/** A model config for an OpenAI-compatible endpoint. */
export function testLlm(id: string, fields: Partial<LlmConfig> = {}): LlmConfig {
  return { id, provider: "openai-compatible", model: "llama3.2", ...fields };
}

/** A parsed crew (defaults filled in) with the given fields; nothing else in it. */
export function testCrew(fields: Partial<Crew> = {}): Crew {
  return CrewSchema.parse(rawCrewDoc(fields));
}

/** A complete sequential crew with no problems at all: two agents, a tool and two tasks, the second using the first. */
export function validSequentialCrew(fields: Partial<Crew> = {}): Crew {
  return testCrew({
    agents: [testAgent("researcher", { tools: ["calc"] }), testAgent("writer")],
    tools: [testTool("calc")],
    tasks: [testTask("research", { agent: "researcher" }), testTask("write", { agent: "writer", context: ["research"] })],
    ...fields,
  });
}

/** A valid crew that sets every field of every schema, for round-trip tests. Has no secrets in tool config. */
export function richCrew(): Crew {
  return CrewSchema.parse({
    format: "crewdeck.crew",
    version: CREW_VERSION,
    name: "Trip Planner",
    description: "Plans a trip end to end.",
    process: "hierarchical",
    inputs: { city: "Lisbon", days: "3" },
    llms: [
      {
        id: "local",
        provider: "openai-compatible",
        baseUrl: "http://localhost:11434/v1",
        model: "llama3.2",
        temperature: 0.3,
        maxTokens: 2048,
        topP: 0.9,
        nativeTools: false,
      },
      { id: "tab", provider: "webllm", model: "Qwen2.5-1.5B-Instruct-q4f16_1-MLC" },
    ],
    defaultLlm: "local",
    agents: [
      {
        id: "boss",
        role: "Manager",
        goal: "Coordinate the trip",
        backstory: "Has planned many trips.",
        llm: "local",
        tools: [],
        allowDelegation: true,
        maxIter: 10,
        maxRpm: 30,
        maxExecutionTime: 120.5,
        memory: true,
        watch: [],
      },
      {
        id: "scout",
        role: "Scout",
        goal: "Find places in {city}",
        backstory: "Knows every street.",
        llm: "tab",
        tools: ["web", "calc"],
        allowDelegation: false,
        maxIter: 25,
        memory: false,
        watch: ["boss", "find"],
      },
    ],
    tasks: [
      {
        id: "find",
        name: "Find places",
        description: "List places to visit in {city}.",
        expectedOutput: "A JSON list of places",
        agent: "scout",
        context: [],
        async: true,
        tools: ["web"],
        outputSchema: { type: "object", properties: { places: { type: "array", items: { type: "string" } } }, required: ["places"] },
        outputFile: "places.json",
        guardrail: { rule: "Every place is in {city}", maxRetries: 2 },
        humanInput: false,
      },
      {
        id: "budget",
        name: "Budget",
        description: "Estimate the cost for {days} days.",
        expectedOutput: "A number",
        agent: "scout",
        async: false,
        tools: ["calc"],
        humanInput: true,
        condition: { type: "jsonPath", path: "$.places[0]", op: "equals", value: { nested: [1, "two", null, true] } },
      },
      {
        id: "plan",
        name: "Plan",
        description: "Write the day-by-day plan.",
        expectedOutput: "A markdown plan",
        agent: "scout",
        context: ["find", "budget"],
        async: false,
        tools: [],
        humanInput: false,
        condition: { type: "rule", rule: "The budget is under 1000 EUR" },
      },
    ],
    tools: [
      { id: "web", kind: "builtin", name: "http_get", description: "Fetch pages", config: { timeoutMs: 5000, allow: ["example.com"] } },
      { id: "calc", kind: "custom", name: "calculator", description: "", config: { precision: { digits: 4, mode: "half-even" } } },
    ],
    settings: {
      maxRpm: 60,
      concurrency: 4,
      cache: false,
      memory: true,
      memoryLimit: 8,
      memoryThreshold: 0.35,
      knowledgeLimit: 2,
      embeddingLlm: "local",
      planning: true,
      planningLlm: "local",
      dagScheduling: true,
      managerLlm: "local",
      managerAgent: "boss",
      delegationDepth: 2,
      maxRounds: 7,
      tokenBudget: 100000,
      costBudget: 2.5,
    },
    layout: { scout: { x: 10, y: -20.5 }, boss: { x: 0, y: 0 }, find: { x: 300, y: 40 }, web: { x: -100, y: 0 } },
  });
}
