import { type Agent, type Crew, PLACEHOLDER, type Task } from "../model";

/** Fills `{name}` placeholders; JSON braces (`{"a": 1}`) do not match the pattern and are left alone. */
export function fillPlaceholders(text: string, inputs: Readonly<Record<string, string>>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => (Object.hasOwn(inputs, name) ? (inputs[name] as string) : whole));
}

/** The run's inputs: the crew's defaults overridden by those given to the run. */
export function resolveInputs(crew: Crew, given: Readonly<Record<string, string>> = {}): Record<string, string> {
  return { ...crew.inputs, ...given };
}

/** Placeholders used in agent and task texts that have no value, with where each is used. */
export function missingInputs(crew: Crew, inputs: Readonly<Record<string, string>>): { name: string; where: string }[] {
  const missing = new Map<string, string>();
  const scan = (text: string | undefined, where: string) => {
    for (const match of (text ?? "").matchAll(PLACEHOLDER)) {
      const name = match[1] as string;
      if (!Object.hasOwn(inputs, name) && !missing.has(name)) missing.set(name, where);
    }
  };
  for (const a of crew.agents) for (const f of ["role", "goal", "backstory"] as const) scan(a[f], `agent "${a.id}" ${f}`);
  for (const t of crew.tasks) for (const f of ["description", "expectedOutput", "outputFile"] as const) scan(t[f], `task "${t.id}" ${f}`);
  return [...missing].map(([name, where]) => ({ name, where }));
}

/** An agent with its texts filled in; the stored crew is never changed. */
export function fillAgent(agent: Agent, inputs: Readonly<Record<string, string>>): Agent {
  return {
    ...agent,
    role: fillPlaceholders(agent.role, inputs),
    goal: fillPlaceholders(agent.goal, inputs),
    backstory: fillPlaceholders(agent.backstory, inputs),
  };
}

/** A task with its texts filled in. */
export function fillTask(task: Task, inputs: Readonly<Record<string, string>>): Task {
  return {
    ...task,
    description: fillPlaceholders(task.description, inputs),
    expectedOutput: fillPlaceholders(task.expectedOutput, inputs),
    ...(task.outputFile ? { outputFile: fillPlaceholders(task.outputFile, inputs) } : {}),
  };
}
