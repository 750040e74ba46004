import { z } from "zod";

/** Current version of the crew document format; bump it together with a migration in migrations.ts. */
export const CREW_VERSION = 1;

/** Stable identifier of a node in the crew graph (agents, tasks, tools, llm configs). */
export const IdSchema = z
  .string()
  .min(1, "an id cannot be empty")
  .max(80, "an id is at most 80 characters")
  .regex(/^[A-Za-z0-9_.-]+$/, "an id may only contain letters, digits, '_', '-' and '.'");

const Text = z.string().default("");
const PositiveInt = z.number().int().positive();

/** A named model configuration; API keys never live in the document, only on the device. */
export const LlmConfigSchema = z
  .object({
    id: IdSchema,
    provider: z.enum(["openai-compatible", "webllm"]).default("openai-compatible"),
    baseUrl: z.url({ protocol: /^https?$/, error: "baseUrl must be an http(s) URL such as http://localhost:11434/v1" }).optional(),
    model: z.string().min(1, "model name cannot be empty"),
    temperature: z.number().min(0).max(2).optional(),
    maxTokens: PositiveInt.optional(),
    topP: z.number().min(0).max(1).optional(),
    /** Force the text ReAct protocol for endpoints without native tool calling. */
    nativeTools: z.boolean().optional(),
  })
  .strict();

/** An agent: a persona with a goal, tools and limits. */
export const AgentSchema = z
  .object({
    id: IdSchema,
    role: Text,
    goal: Text,
    backstory: Text,
    llm: IdSchema.optional(),
    tools: z.array(IdSchema).default([]),
    allowDelegation: z.boolean().default(false),
    maxIter: PositiveInt.default(25),
    maxRpm: PositiveInt.optional(),
    maxExecutionTime: z.number().positive().optional(),
    memory: z.boolean().default(false),
    /** Environment process: ids of agents or tasks whose messages this agent reacts to. */
    watch: z.array(IdSchema).default([]),
    /** Environment process: ids of the agents this agent's messages are addressed to; empty means everyone. */
    sendTo: z.array(IdSchema).default([]),
  })
  .strict();

/** A rule checked against a task's output; a failure re-runs the task with the reason. */
export const GuardrailSchema = z
  .object({
    rule: z.string().min(1, "a guardrail needs a rule"),
    maxRetries: z.number().int().min(0).max(10).default(3),
  })
  .strict();

/** Decides whether a conditional task runs, judged against the previous task's output. */
export const ConditionSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("rule"), rule: z.string() }).strict(),
  z
    .object({
      type: z.literal("jsonPath"),
      path: z.string().min(1, "a condition needs a JSON path"),
      op: z.enum(["exists", "truthy", "equals", "notEquals"]).default("truthy"),
      value: z.unknown().optional(),
    })
    .strict(),
]);

/** A task: a piece of work with an expected output, performed by one agent. */
export const TaskSchema = z
  .object({
    id: IdSchema,
    name: Text,
    description: Text,
    expectedOutput: Text,
    agent: IdSchema.optional(),
    /** Absent: every earlier task's output (CrewAI's "not specified"); []: no context. */
    context: z.array(IdSchema).optional(),
    async: z.boolean().default(false),
    tools: z.array(IdSchema).default([]),
    outputSchema: z.record(z.string(), z.unknown()).optional(),
    outputFile: z.string().optional(),
    guardrail: GuardrailSchema.optional(),
    humanInput: z.boolean().default(false),
    condition: ConditionSchema.optional(),
  })
  .strict();

/** Names of the tools the app ships; their behaviour lives in src/tools. */
export const BUILTIN_TOOLS = ["calculator", "datetime", "http_get", "read_file", "write_file", "search_knowledge"] as const;

/** A tool agents and tasks can use. */
export const ToolSchema = z
  .object({
    id: IdSchema,
    kind: z.enum(["builtin", "custom", "mcp"]).default("builtin"),
    name: z.string().min(1, "a tool needs a name"),
    description: Text,
    config: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

/** Crew-wide settings. */
export const SettingsSchema = z
  .object({
    maxRpm: PositiveInt.optional(),
    concurrency: PositiveInt.max(64).default(8),
    cache: z.boolean().default(true),
    memory: z.boolean().default(false),
    /** How many memories at most are added to a task's prompt. */
    memoryLimit: z.number().int().min(1).max(50).default(5),
    /** Memories scoring below this (0..1, relevance weighed with recency and importance) are left out. */
    memoryThreshold: z.number().min(0).max(1).default(0.2),
    /** How many knowledge chunks at most are added to a task's prompt (0: only the search_knowledge tool searches). */
    knowledgeLimit: z.number().int().min(0).max(20).default(3),
    /** A model config whose model makes embeddings (/v1/embeddings); absent: lexical search only, no network. */
    embeddingLlm: IdSchema.optional(),
    planning: z.boolean().default(false),
    /** The model config the planner uses when planning is on; the crew's default model when absent. */
    planningLlm: IdSchema.optional(),
    /** Let a task start as soon as its declared context is done, instead of in list order. */
    dagScheduling: z.boolean().default(false),
    managerLlm: IdSchema.optional(),
    managerAgent: IdSchema.optional(),
    /** How many levels deep delegation may go: 1 lets only a task's own agent (or the manager) delegate. */
    delegationDepth: z.number().int().min(1).max(10).default(3),
    maxRounds: PositiveInt.max(100).default(5),
    /** Stop the run before a request that would exceed this many tokens. */
    tokenBudget: PositiveInt.optional(),
    /** Stop the run before a request that would take its cost over this many US dollars (priced where it runs). */
    costBudget: z.number().positive("a cost budget must be more than 0").max(1_000_000).optional(),
  })
  .strict();

const PositionSchema = z.object({ x: z.number().finite(), y: z.number().finite() }).strict();

/** The crew document: the interchange format exported as `<name>.crew.json`. */
export const CrewSchema = z
  .object({
    format: z.literal("crewdeck.crew"),
    version: z.literal(CREW_VERSION),
    name: z.string().min(1, "a crew needs a name").max(120),
    description: Text,
    process: z.enum(["sequential", "hierarchical", "environment"]).default("sequential"),
    inputs: z.record(z.string(), z.string()).default({}),
    llms: z.array(LlmConfigSchema).default([]),
    defaultLlm: IdSchema.optional(),
    agents: z.array(AgentSchema).default([]),
    tasks: z.array(TaskSchema).default([]),
    tools: z.array(ToolSchema).default([]),
    settings: SettingsSchema.default(() => SettingsSchema.parse({})),
    layout: z.record(z.string(), PositionSchema).default({}),
  })
  .strict();

export type LlmConfig = z.infer<typeof LlmConfigSchema>;
export type Agent = z.infer<typeof AgentSchema>;
export type Task = z.infer<typeof TaskSchema>;
export type Tool = z.infer<typeof ToolSchema>;
export type Guardrail = z.infer<typeof GuardrailSchema>;
export type Condition = z.infer<typeof ConditionSchema>;
export type Settings = z.infer<typeof SettingsSchema>;
export type Crew = z.infer<typeof CrewSchema>;
export type Position = z.infer<typeof PositionSchema>;
/** The kinds of node a crew graph has. */
export type NodeKind = "agent" | "task" | "tool";
export type Process = Crew["process"];
