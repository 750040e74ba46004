import { checkJsonPathCondition } from "./conditionCheck";
import type { DocPath, Problem, ProblemLevel } from "./problems";
import type { Crew, Task } from "./schema";

type Report = (level: ProblemLevel, code: string, path: DocPath, message: string, ids: string[]) => void;

/** A readable name for a task in messages: its name, else its id. */
export function taskLabel(task: Pick<Task, "id" | "name">): string {
  return task.name.trim() ? `"${task.name.trim()}" (${task.id})` : `"${task.id}"`;
}

/**
 * Checks a parsed crew for graph problems shared by the engine and the UI: duplicate and unknown ids,
 * context edges pointing forward or in a cycle, async batches depending on themselves, and empty required fields.
 */
export function validateCrew(crew: Crew): Problem[] {
  const problems: Problem[] = [];
  const report: Report = (level, code, path, message, ids) => problems.push({ level, code, path, message, ids });
  checkDuplicates(crew, report);
  checkReferences(crew, report);
  checkContextOrder(crew, report);
  checkCycles(crew, report);
  checkAsyncBatches(crew, report);
  checkCompleteness(crew, report);
  return problems;
}

/** True when nothing in the list blocks importing or editing the crew. */
export function isStructurallySound(problems: readonly Problem[]): boolean {
  return problems.every((p) => p.level !== "structure");
}

function checkDuplicates(crew: Crew, report: Report): void {
  // Agents, tasks and tools share one namespace because layout and edges address nodes by id alone.
  const seen = new Map<string, string>();
  const lists = [
    ["agents", crew.agents],
    ["tasks", crew.tasks],
    ["tools", crew.tools],
  ] as const;
  for (const [field, list] of lists) {
    list.forEach((node, i) => {
      const first = seen.get(node.id);
      if (first) report("structure", "duplicate-id", [field, i, "id"], `id "${node.id}" is already used by ${first}`, [node.id]);
      else seen.set(node.id, `${field}[${i}]`);
    });
  }
  const llmIds = new Set<string>();
  crew.llms.forEach((llm, i) => {
    if (llmIds.has(llm.id)) report("structure", "duplicate-id", ["llms", i, "id"], `model config id "${llm.id}" is used twice`, [llm.id]);
    llmIds.add(llm.id);
  });
}

function checkReferences(crew: Crew, report: Report): void {
  const agents = new Set(crew.agents.map((a) => a.id));
  const tasks = new Set(crew.tasks.map((t) => t.id));
  const tools = new Set(crew.tools.map((t) => t.id));
  const llms = new Set(crew.llms.map((l) => l.id));
  // `ownerId` is the node holding the reference: the dangling id itself is not on the canvas to be marked.
  const unknown = (set: Set<string>, id: string | undefined, path: DocPath, what: string, owner: string, ownerId?: string) => {
    if (id !== undefined && !set.has(id))
      report("structure", "unknown-id", path, `${owner} refers to unknown ${what} "${id}"`, ownerId === undefined ? [id] : [ownerId, id]);
  };
  crew.agents.forEach((agent, i) => {
    const owner = `agent "${agent.id}"`;
    unknown(llms, agent.llm, ["agents", i, "llm"], "model config", owner, agent.id);
    agent.tools.forEach((t, j) => {
      unknown(tools, t, ["agents", i, "tools", j], "tool", owner, agent.id);
    });
    agent.watch.forEach((w, j) => {
      if (!agents.has(w) && !tasks.has(w))
        report("structure", "unknown-id", ["agents", i, "watch", j], `${owner} watches unknown agent or task "${w}"`, [agent.id, w]);
    });
    agent.sendTo.forEach((to, j) => {
      unknown(agents, to, ["agents", i, "sendTo", j], "agent", `${owner} addresses its messages to`, agent.id);
    });
  });
  crew.tasks.forEach((task, i) => {
    const owner = `task ${taskLabel(task)}`;
    unknown(agents, task.agent, ["tasks", i, "agent"], "agent", owner, task.id);
    task.context?.forEach((c, j) => {
      unknown(tasks, c, ["tasks", i, "context", j], "task", owner, task.id);
    });
    task.tools.forEach((t, j) => {
      unknown(tools, t, ["tasks", i, "tools", j], "tool", owner, task.id);
    });
  });
  unknown(llms, crew.defaultLlm, ["defaultLlm"], "model config", "the crew's default model");
  unknown(llms, crew.settings.managerLlm, ["settings", "managerLlm"], "model config", "the manager model");
  unknown(llms, crew.settings.planningLlm, ["settings", "planningLlm"], "model config", "the planning model");
  unknown(llms, crew.settings.embeddingLlm, ["settings", "embeddingLlm"], "model config", "the embedding model");
  unknown(agents, crew.settings.managerAgent, ["settings", "managerAgent"], "agent", "the manager");
}

function checkContextOrder(crew: Crew, report: Report): void {
  const index = new Map(crew.tasks.map((t, i) => [t.id, i]));
  crew.tasks.forEach((task, i) => {
    task.context?.forEach((c, j) => {
      const at = index.get(c);
      if (at === undefined) return;
      const path = ["tasks", i, "context", j];
      if (at === i) report("structure", "context-self", path, `task ${taskLabel(task)} cannot use its own output as context`, [task.id]);
      else if (at > i) {
        const later = crew.tasks[at] as Task;
        report(
          "structure",
          "context-later",
          path,
          `task ${taskLabel(task)} uses the output of ${taskLabel(later)}, which runs later (move it above, or remove the context edge)`,
          [task.id, c],
        );
      }
    });
  });
}

function checkCycles(crew: Crew, report: Report): void {
  const byId = new Map(crew.tasks.map((t, i) => [t.id, { task: t, i }]));
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];
  const visit = (id: string): void => {
    state.set(id, "visiting");
    stack.push(id);
    for (const next of byId.get(id)?.task.context ?? []) {
      if (next === id || !byId.has(next)) continue;
      if (state.get(next) === "visiting") {
        const cycle = stack.slice(stack.indexOf(next));
        const start = byId.get(next);
        if (start)
          report(
            "structure",
            "context-cycle",
            ["tasks", start.i, "context"],
            `context edges form a cycle: ${[...cycle, next].join(" → ")}`,
            cycle,
          );
      } else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(id, "done");
  };
  for (const task of crew.tasks) if (!state.has(task.id)) visit(task.id);
}

function checkAsyncBatches(crew: Crew, report: Report): void {
  // Consecutive async tasks start together; one cannot wait for another of the same batch.
  let batch = new Set<string>();
  crew.tasks.forEach((task, i) => {
    if (!task.async) {
      batch = new Set();
      return;
    }
    task.context?.forEach((c, j) => {
      if (batch.has(c))
        report(
          "run",
          "async-same-batch",
          ["tasks", i, "context", j],
          `async task ${taskLabel(task)} depends on async task "${c}", which runs at the same time; make one of them synchronous or put a synchronous task between them`,
          [task.id, c],
        );
    });
    batch.add(task.id);
  });
}

function checkCompleteness(crew: Crew, report: Report): void {
  const required = (value: string, path: DocPath, message: string, id: string) => {
    if (!value.trim()) report("run", "empty-field", path, message, [id]);
  };
  crew.agents.forEach((a, i) => {
    required(a.role, ["agents", i, "role"], `agent "${a.id}" needs a role`, a.id);
    required(a.goal, ["agents", i, "goal"], `agent "${a.id}" needs a goal`, a.id);
    required(a.backstory, ["agents", i, "backstory"], `agent "${a.id}" needs a backstory`, a.id);
  });
  crew.tasks.forEach((t, i) => {
    required(t.description, ["tasks", i, "description"], `task ${taskLabel(t)} needs a description`, t.id);
    required(t.expectedOutput, ["tasks", i, "expectedOutput"], `task ${taskLabel(t)} needs an expected output`, t.id);
    if (crew.process === "sequential" && !t.agent)
      report(
        "run",
        "task-without-agent",
        ["tasks", i, "agent"],
        `task ${taskLabel(t)} has no agent; connect it to the agent who performs it`,
        [t.id],
      );
    if (t.condition && i === 0)
      report(
        "run",
        "condition-first",
        ["tasks", i, "condition"],
        `task ${taskLabel(t)} is conditional but runs first, so there is no earlier output to judge`,
        [t.id],
      );
    if (t.condition?.type === "rule" && !t.condition.rule.trim())
      report("run", "empty-field", ["tasks", i, "condition", "rule"], `task ${taskLabel(t)} has a condition without a rule`, [t.id]);
    if (t.condition && t.async)
      report("run", "condition-async", ["tasks", i, "condition"], `task ${taskLabel(t)} cannot be both conditional and async`, [t.id]);
    if (t.condition?.type === "jsonPath") checkJsonPathCondition(t.condition, ["tasks", i, "condition"], taskLabel(t), t.id, report);
  });
  if (crew.process !== "environment" && crew.tasks.length === 0)
    report("run", "no-tasks", ["tasks"], "the crew has no tasks yet; add one from the palette", []);
  if (crew.agents.length === 0) report("run", "no-agents", ["agents"], "the crew has no agents yet; add one from the palette", []);
  const manager = crew.settings.managerAgent;
  if (crew.process === "hierarchical" && crew.agents.length > 0 && crew.agents.every((a) => a.id === manager))
    report(
      "run",
      "no-workers",
      ["agents"],
      `the manager "${manager}" has nobody to delegate to; add an agent to do the work`,
      manager ? [manager] : [],
    );
  if (crew.process === "hierarchical" && manager) {
    const i = crew.agents.findIndex((a) => a.id === manager);
    if (crew.tasks.some((t) => t.agent === manager))
      report(
        "run",
        "manager-is-worker",
        ["settings", "managerAgent"],
        `the manager "${manager}" also performs tasks; a manager only delegates`,
        [manager],
      );
    if (i >= 0 && (crew.agents[i]?.tools.length ?? 0) > 0)
      report("run", "manager-has-tools", ["agents", i, "tools"], `the manager "${manager}" cannot have tools of its own`, [manager]);
  }
}
