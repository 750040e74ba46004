import { type Agent, type Crew, PLACEHOLDER, type Task } from "../model";

/** Fills `{name}` placeholders; JSON braces (`{"a": 1}`) do not match the pattern and are left alone. */
export function fillPlaceholders(text: string, inputs: Readonly<Record<string, string>>): string {
  // Most texts have no placeholder at all; this runs for every field of every task.
  if (!text.includes("{")) return text;
  return text.replace(PLACEHOLDER, (whole, name: string) => (Object.hasOwn(inputs, name) ? (inputs[name] as string) : whole));
}

/** The run's inputs: the crew's defaults overridden by those given to the run. */
export function resolveInputs(crew: Crew, given: Readonly<Record<string, string>> = {}): Record<string, string> {
  return { ...crew.inputs, ...given };
}

/** Placeholders used in agent and task texts that have no value, with where each is used. */
export function missingInputs(crew: Crew, inputs: Readonly<Record<string, string>>): { name: string; where: string }[] {
  const missing = new Map<string, string>();
  // Runs before every kickoff over every text of the crew: texts without a brace are skipped, and the place is only
  // spelled out for a placeholder that is missing.
  const scan = (text: string | undefined, where: () => string) => {
    if (!text?.includes("{")) return;
    for (const match of text.matchAll(PLACEHOLDER)) {
      const name = match[1] as string;
      if (!Object.hasOwn(inputs, name) && !missing.has(name)) missing.set(name, where());
    }
  };
  for (const a of crew.agents) for (const f of ["role", "goal", "backstory"] as const) scan(a[f], () => `agent "${a.id}" ${f}`);
  for (const t of crew.tasks)
    for (const f of ["description", "expectedOutput", "outputFile"] as const) scan(t[f], () => `task "${t.id}" ${f}`);
  return [...missing].map(([name, where]) => ({ name, where }));
}

/** An agent with its texts filled in (the agent itself when it has no placeholder); the stored crew is never changed. */
export function fillAgent(agent: Agent, inputs: Readonly<Record<string, string>>): Agent {
  const role = fillPlaceholders(agent.role, inputs);
  const goal = fillPlaceholders(agent.goal, inputs);
  const backstory = fillPlaceholders(agent.backstory, inputs);
  // No copy when nothing changed: agents have a score of fields, and this runs once per task.
  if (role === agent.role && goal === agent.goal && backstory === agent.backstory) return agent;
  return { ...agent, role, goal, backstory };
}

/** A task with its texts filled in (the task itself when it has no placeholder). */
export function fillTask(task: Task, inputs: Readonly<Record<string, string>>): Task {
  const description = fillPlaceholders(task.description, inputs);
  const expectedOutput = fillPlaceholders(task.expectedOutput, inputs);
  const outputFile = task.outputFile ? fillPlaceholders(task.outputFile, inputs) : task.outputFile;
  if (description === task.description && expectedOutput === task.expectedOutput && outputFile === task.outputFile) return task;
  return { ...task, description, expectedOutput, ...(outputFile ? { outputFile } : {}) };
}
