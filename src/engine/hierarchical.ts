import { type Agent, AgentSchema, type Crew } from "../model";
import { ASK_QUESTION, DELEGATE_WORK } from "./delegation";
import { MANAGER_AGENT_ID } from "./events";

/** Who manages a hierarchical run: the crew's chosen manager agent, or one the engine generates. */
export interface Manager {
  agent: Agent;
  generated: boolean;
}

/**
 * The manager of a hierarchical crew. A chosen manager (`settings.managerAgent`) keeps its own persona and model
 * (falling back to `settings.managerLlm`); otherwise a "Crew Manager" is generated on `settings.managerLlm`, or the
 * crew's default model when that is unset.
 */
export function crewManager(crew: Crew): Manager {
  const chosen = crew.agents.find((a) => a.id === crew.settings.managerAgent);
  const llm = chosen?.llm ?? crew.settings.managerLlm;
  if (chosen) return { agent: { ...chosen, ...(llm ? { llm } : {}) }, generated: false };
  const generated = AgentSchema.parse({
    id: "manager",
    role: "Crew Manager",
    goal: "Get every task done to the standard it asks for by giving the work to the right coworkers and checking what they return",
    backstory:
      "You lead a team of specialists and you are known for getting the best out of them. You never do the work " +
      "yourself: you decide who should do it, brief them fully, since they know only what you tell them, check " +
      "their results against what was asked, and send the work back with clear notes when it falls short.",
    ...(llm ? { llm } : {}),
  });
  return { agent: { ...generated, id: MANAGER_AGENT_ID }, generated: true };
}

/** The agents a manager delegates to: every agent of the crew except the manager itself. */
export function workersOf(crew: Crew, manager: Manager): Agent[] {
  return crew.agents.filter((a) => a.id !== manager.agent.id);
}

/** Added to every task prompt of the manager, so it delegates instead of answering alone (CrewAI's #4783). */
export function managerNote(coworkers: readonly Agent[]): string {
  const roles = coworkers.map((a) => `"${a.role.trim() || a.id}"`).join(", ");
  return [
    `You manage this task; you cannot do the work yourself. Hand it to ${coworkers.length === 1 ? "your coworker" : "one or more of your coworkers"} (${roles}) with ${DELEGATE_WORK}, or ask them something with ${ASK_QUESTION}.`,
    "Pass the task and, as context, everything they need: they have not seen this task or any earlier results.",
    "Check what comes back against the expected output and delegate again with notes if it falls short. When it is good, give the complete result as your final answer, not a summary of it.",
  ].join(" ");
}

/** Sent once when the manager answers before delegating anything. */
export const DELEGATE_FIRST = `You answered without delegating. As the manager you cannot do the work yourself: use ${DELEGATE_WORK} to give it to a coworker, then give their result as your final answer.`;
