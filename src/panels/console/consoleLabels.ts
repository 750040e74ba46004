import { MANAGER_AGENT_ID } from "../../engine/events";
import { type Crew, taskTitle } from "../../model";

/** Names for ids in the console, and which ids are nodes on the canvas (so they can be selected). */
export interface ConsoleLabels {
  task(id: string): string;
  agent(id: string): string;
  /** The canvas node id of a tool called by this name, when exactly one tool of the crew has it. */
  toolNode(name: string): string | null;
  isNode(id: string): boolean;
}

/**
 * Labels from the crew the run used: task names, agent roles (and "Crew Manager" for the manager a hierarchical run
 * generates, which is a node of its own on the canvas); ids when a name is empty or unknown.
 */
export function consoleLabels(crew: Crew): ConsoleLabels {
  const tasks = new Map(crew.tasks.map((t) => [t.id, taskTitle(t)]));
  const agents = new Map(crew.agents.map((a) => [a.id, a.role.trim() || a.id]));
  if (!agents.has(MANAGER_AGENT_ID)) agents.set(MANAGER_AGENT_ID, "Crew Manager");
  const generatedManager = crew.process === "hierarchical" && !crew.settings.managerAgent;
  const nodes = new Set([...tasks.keys(), ...crew.agents.map((a) => a.id), ...crew.tools.map((t) => t.id)]);
  if (generatedManager) nodes.add(MANAGER_AGENT_ID);
  return {
    task: (id) => {
      const known = tasks.get(id);
      if (known) return known;
      // The environment process gives an agent without a task of its own a turn called `<agent>-turn`.
      const turn = /^(.+)-turn$/.exec(id)?.[1];
      return turn && agents.has(turn) ? `${agents.get(turn)}: turn` : id;
    },
    agent: (id) => agents.get(id) ?? id,
    toolNode: (name) => {
      const matches = crew.tools.filter((t) => t.name === name);
      return matches.length === 1 ? (matches[0]?.id ?? null) : null;
    },
    isNode: (id) => nodes.has(id),
  };
}
