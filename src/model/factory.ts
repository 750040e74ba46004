import { type Agent, CREW_VERSION, type Crew, CrewSchema, type NodeKind, type Task, type Tool } from "./schema";

/** A task as people see it: its name, or its id when it has none. */
export function taskTitle(task: { id: string; name: string }): string {
  return task.name.trim() || task.id;
}

/** Every node id in use in a crew (agents, tasks and tools share one namespace). */
export function nodeIds(crew: Crew): Set<string> {
  return new Set([...crew.agents.map((a) => a.id), ...crew.tasks.map((t) => t.id), ...crew.tools.map((t) => t.id)]);
}

/** A fresh id `prefix-N` not yet used in the crew, lowest N first so ids stay short and readable. */
export function uniqueId(taken: ReadonlySet<string>, prefix: string): string {
  for (let n = 1; ; n++) {
    const id = `${prefix}-${n}`;
    if (!taken.has(id)) return id;
  }
}

/** An empty crew with defaults filled in. */
export function emptyCrew(name = "Untitled crew"): Crew {
  return CrewSchema.parse({ format: "crewdeck.crew", version: CREW_VERSION, name });
}

/** A new agent with placeholder text a person will overwrite. */
export function newAgent(id: string): Agent {
  return { id, role: "", goal: "", backstory: "", tools: [], allowDelegation: false, maxIter: 25, memory: false, watch: [], sendTo: [] };
}

/** A new task with no agent yet. */
export function newTask(id: string): Task {
  return { id, name: "", description: "", expectedOutput: "", async: false, tools: [], humanInput: false };
}

/** A new built-in tool; `name` picks which one. */
export function newTool(id: string, name = "calculator"): Tool {
  return { id, kind: "builtin", name, description: BUILTIN_TOOL_INFO[name]?.description ?? "", config: {} };
}

/** Human descriptions of the built-in tools, shown in the palette and used as the default tool description. */
export const BUILTIN_TOOL_INFO: Record<string, { label: string; description: string }> = {
  calculator: { label: "Calculator", description: "Evaluates arithmetic expressions exactly, e.g. (31 + 45 + 28) / 3." },
  datetime: { label: "Date & time", description: "Tells the current date and time, optionally in a given time zone." },
  http_get: { label: "HTTP GET", description: "Fetches a web page or API over HTTP(S) and returns its text." },
  read_file: { label: "Read file", description: "Reads a file from this run's virtual file space." },
  write_file: { label: "Write file", description: "Writes a file into this run's virtual file space." },
  search_knowledge: {
    label: "Search knowledge",
    description: "Searches the documents given to this crew and agent and returns the best passages with their source names.",
  },
};

/** Creates a node of the given kind with a fresh id. */
export function newNode(kind: NodeKind, taken: ReadonlySet<string>, toolName?: string): Agent | Task | Tool {
  const id = uniqueId(taken, kind);
  if (kind === "agent") return newAgent(id);
  if (kind === "task") return newTask(id);
  return newTool(id, toolName);
}
