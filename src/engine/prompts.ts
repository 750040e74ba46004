import type { Agent, Task } from "../model";
import type { ChatMessage, KnowledgeHit, MemoryHit, ToolSpec } from "./ports";
import { REACT_FORMAT } from "./react";

/** What a task prompt is built from; texts are already filled with the run's inputs. */
export interface PromptParts {
  agent: Pick<Agent, "role" | "goal" | "backstory"> | null;
  task: Pick<Task, "description" | "expectedOutput">;
  /** Outputs of the context tasks, in order, with a heading each. */
  context: { title: string; raw: string }[];
  /** Tools described in the text protocol (models without native tool calling). */
  reactTools?: ToolSpec[];
  /** JSON Schema the answer must match, when the endpoint cannot enforce it natively. */
  schemaInstruction?: Record<string, unknown>;
  /** Recalled from the crew's memory (memory.ts). */
  memories?: MemoryHit[];
  /** Passages of the crew's and agent's knowledge sources, cited by source name (knowledge.ts). */
  knowledge?: KnowledgeHit[];
  /** Extra guidance for a retry: what the previous attempt got wrong. */
  retryNote?: string;
  /** The step plan the crew's planner wrote for this task; kept apart from the description, which never changes. */
  plan?: string;
  /** Heading of the context block (default: context from earlier tasks); a coworker's context comes from whoever asked. */
  contextHeading?: string;
  /** How this agent must work with its coworkers (a hierarchical manager: delegate, never do the work itself). */
  delegationNote?: string;
}

/** The persona: who the agent is and what it wants. */
export function systemPrompt(parts: PromptParts): string {
  const lines: string[] = [];
  if (parts.agent) {
    lines.push(`You are ${parts.agent.role.trim()}.`);
    if (parts.agent.backstory.trim()) lines.push(parts.agent.backstory.trim());
    if (parts.agent.goal.trim()) lines.push(`Your goal: ${parts.agent.goal.trim()}`);
  }
  if (parts.reactTools?.length) {
    lines.push("", "Tools:");
    for (const t of parts.reactTools) lines.push(`- ${t.name}: ${t.description} Arguments: ${compactSchema(t.parameters)}`);
    lines.push("", REACT_FORMAT);
  }
  return lines.join("\n");
}

/** The task: what to do, what good output looks like, and the context it may use. */
export function taskPrompt(parts: PromptParts): string {
  const out = [`Task: ${parts.task.description.trim()}`, `Expected output: ${parts.task.expectedOutput.trim()}`];
  out.push("Give the complete answer itself, not a description of it.");
  if (parts.plan?.trim()) out.push(`Plan for this task (written by the crew's planner before the run):\n${parts.plan.trim()}`);
  if (parts.schemaInstruction)
    out.push(`Answer with only a JSON value matching this JSON Schema:\n${JSON.stringify(parts.schemaInstruction)}`);
  if (parts.memories?.length) out.push(`What you remember:\n${parts.memories.map((m) => `- ${m.text}`).join("\n")}`);
  if (parts.knowledge?.length)
    out.push(
      `Relevant knowledge (cite the source in brackets when you use it):\n${parts.knowledge.map((k) => `[${k.source}] ${k.text.trim()}`).join("\n\n")}`,
    );
  if (parts.context.length)
    out.push(
      `${parts.contextHeading ?? "Context from earlier tasks"}:\n${parts.context.map((c) => `## ${c.title}\n${c.raw.trim()}`).join("\n\n")}`,
    );
  if (parts.delegationNote) out.push(parts.delegationNote);
  if (parts.retryNote) out.push(parts.retryNote);
  return out.join("\n\n");
}

/** The opening messages of a task's conversation. */
export function openingMessages(parts: PromptParts): ChatMessage[] {
  const system = systemPrompt(parts);
  const user = taskPrompt(parts);
  return system
    ? [
        { role: "system", content: system },
        { role: "user", content: user },
      ]
    : [{ role: "user", content: user }];
}

/** Tool arguments as a short line (name: type) instead of a full JSON Schema, to keep ReAct prompts small. */
function compactSchema(schema: Record<string, unknown>): string {
  const props = (schema.properties ?? {}) as Record<string, { type?: string; description?: string }>;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const fields = Object.entries(props).map(([k, v]) => `"${k}"${required.has(k) ? "" : "?"}: ${v.type ?? "any"}`);
  return `{${fields.join(", ")}}`;
}

/** Asked once when an agent runs out of iterations, so the loop always ends with an answer. */
export const FORCE_FINAL = "You have used all your steps. Stop using tools and give your best final answer now.";

/** Fed back when a reply in the text protocol could not be read. */
export function formatReminder(error: string): string {
  return `Your last reply could not be used (${error}). Reply again following the format exactly.`;
}
