import { type Agent, type Crew, CrewSchema, type Task, type Tool } from "../../model";
import type { Clock, RunFiles, ToolHost, ToolSpec } from "../ports";

/** Virtual time for tests: `sleep` moves the clock forward at once, so waits are measured, never waited. */
export class VirtualClock implements Clock {
  t = 1_000_000;
  readonly sleeps: number[] = [];
  now = () => this.t;
  sleep = (ms: number, signal?: AbortSignal): Promise<void> => {
    if (signal?.aborted) return Promise.reject(signal.reason ?? new Error("aborted"));
    this.sleeps.push(ms);
    this.t += ms;
    return Promise.resolve();
  };
}

/** A crew from partial agents/tasks/tools with defaults filled by the schema. */
export function testCrew(parts: {
  agents?: Partial<Agent>[];
  tasks?: Partial<Task>[];
  tools?: Partial<Tool>[];
  settings?: Partial<Crew["settings"]>;
  inputs?: Record<string, string>;
  llms?: Crew["llms"];
  defaultLlm?: string;
}): Crew {
  return CrewSchema.parse({
    format: "crewdeck.crew",
    version: 1,
    name: "Test crew",
    agents: (parts.agents ?? [{ id: "a1" }]).map((a, i) => ({
      id: `a${i + 1}`,
      role: `Role ${i + 1}`,
      goal: "Be useful",
      backstory: "Experienced.",
      ...a,
    })),
    tasks: (parts.tasks ?? []).map((t, i) => ({
      id: `t${i + 1}`,
      description: `Do step ${i + 1}`,
      expectedOutput: `Result ${i + 1}`,
      agent: "a1",
      ...t,
    })),
    tools: (parts.tools ?? []).map((t, i) => ({ id: `tool${i + 1}`, kind: "builtin", name: "echo", ...t })),
    settings: parts.settings ?? {},
    inputs: parts.inputs ?? {},
    llms: parts.llms ?? [],
    ...(parts.defaultLlm ? { defaultLlm: parts.defaultLlm } : {}),
  });
}

/** A file space backed by a Map. */
export function memoryFiles(): RunFiles & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, read: (p) => data.get(p), write: (p, c) => void data.set(p, c), list: () => [...data.keys()] };
}

/** A tool host with scriptable tools: `echo` returns its input, `fail` always throws, `add` adds a and b. */
export class StubToolHost implements ToolHost {
  readonly invocations: { tool: string; args: unknown }[] = [];
  spec(tool: Tool): ToolSpec {
    const props = tool.name === "add" ? { a: { type: "number" }, b: { type: "number" } } : { text: { type: "string" } };
    return {
      name: tool.name,
      description: `the ${tool.name} tool`,
      parameters: { type: "object", properties: props, required: Object.keys(props) },
    };
  }
  async invoke(tool: Tool, args: unknown): Promise<string> {
    this.invocations.push({ tool: tool.name, args });
    const a = args as Record<string, unknown>;
    if (tool.name === "fail") throw new Error("fail: the tool broke");
    if (tool.name === "add") return String(Number(a.a) + Number(a.b));
    return `echo: ${String(a.text)}`;
  }
}

let counter = 0;
/** Deterministic ids for a test. */
export function idSource(prefix = "id"): () => string {
  const start = ++counter * 1000;
  let n = 0;
  return () => `${prefix}-${start + ++n}`;
}
