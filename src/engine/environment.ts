import type { Agent, Task } from "../model";
import type { TaskOutput } from "./events";
import { fillPlaceholders } from "./interpolate";
import { abortError } from "./ports";
import { type RunContext, runTask } from "./taskRunner";

/** A message in the shared environment: who said it, what produced it, to whom, and in which round. */
export interface EnvMessage {
  id: string;
  round: number;
  /** An agent id, or "user" for the opening message built from the run inputs. */
  from: string;
  /** The task that produced it, or "inputs" for the opening message. */
  cause: string;
  /** "all", or the agents it is addressed to (the sender's `sendTo`). */
  to: "all" | string[];
  content: string;
}

/** How many earlier messages an agent is shown besides the new ones (keeps prompts bounded in long runs). */
const HISTORY = 12;

/**
 * MetaGPT-style rounds. The run inputs open the room; the agent of the first task answers them in round 1. From then
 * on, each round every agent with new messages from what it watches (agents or tasks) acts at the same time, and what
 * they publish is seen in the next round. It ends when nobody has anything new, at `maxRounds`, or when the token
 * budget would be exceeded (checked before every call, not only between rounds).
 */
export async function runEnvironment(
  ctx: RunContext,
  abortRest: (reason: Error) => void,
  outputs: Map<string, TaskOutput> = new Map(),
): Promise<{ outputs: Map<string, TaskOutput>; messages: EnvMessage[] }> {
  const { crew } = ctx;
  const messages: EnvMessage[] = [];
  const seen = new Map<string, number>(crew.agents.map((a) => [a.id, 0]));
  const opener = crew.tasks.find((t) => t.agent)?.agent ?? crew.agents[0]?.id;
  const publish = (message: Omit<EnvMessage, "id" | "to">) => {
    const sendTo = crew.agents.find((a) => a.id === message.from)?.sendTo ?? [];
    const full: EnvMessage = { ...message, id: ctx.env.newId(), to: sendTo.length ? [...sendTo] : "all" };
    messages.push(full);
    ctx.env.log.emit({
      type: "message.published",
      messageId: full.id,
      round: full.round,
      from: full.from,
      cause: full.cause,
      to: full.to,
      content: full.content,
    });
    return full;
  };
  publish({ round: 0, from: "user", cause: "inputs", content: openingText(ctx.inputs) });

  for (let round = 1; round <= crew.settings.maxRounds && !ctx.signal.aborted; round++) {
    const available = messages.filter((m) => m.round < round);
    const freshFor = new Map(crew.agents.map((a) => [a.id, newFor(a, available, seen.get(a.id) ?? 0, a.id === opener)]));
    const actors = crew.agents.filter((agent) => (freshFor.get(agent.id)?.length ?? 0) > 0);
    if (actors.length === 0) break;
    const reactsTo = Object.fromEntries(actors.map((a) => [a.id, (freshFor.get(a.id) ?? []).map((m) => m.id)]));
    ctx.env.log.emit({ type: "round.started", round, agents: actors.map((a) => a.id), reactsTo });
    const failures: Error[] = [];
    await Promise.all(
      actors.map(async (agent) => {
        const fresh = freshFor.get(agent.id) ?? [];
        const task = turnTask(agent, crew.tasks, ctx.inputs);
        const history = available
          .filter((m) => m.from !== agent.id && !fresh.includes(m) && (m.to === "all" || m.to.includes(agent.id)))
          .slice(-HISTORY);
        seen.set(agent.id, available.length);
        try {
          const output = await runTask(ctx, task, [
            ...(history.length ? [{ title: "Earlier in the room", raw: transcript(history, crew.agents) }] : []),
            { title: "New since your last turn", raw: transcript(fresh, crew.agents) },
          ]);
          outputs.set(task.id, output);
          ctx.env.log.emit({ type: "task.completed", taskId: task.id, output }, task.id);
          publish({ round, from: agent.id, cause: task.id, content: output.raw });
        } catch (error) {
          ctx.env.log.emit({ type: "task.failed", taskId: task.id, error: (error as Error).message }, task.id);
          failures.push(error as Error);
          abortRest(error as Error);
        }
      }),
    );
    if (failures[0]) throw failures[0];
  }
  // A stop between rounds ends the loop quietly; it must not read as a finished conversation.
  if (ctx.signal.aborted) throw abortError(ctx.signal);
  return { outputs, messages };
}

/**
 * Messages an agent has not reacted to yet, addressed to it (or to everyone), from someone (or some task) it watches;
 * the opener also hears the user.
 */
function newFor(agent: Agent, available: readonly EnvMessage[], seenCount: number, opener: boolean): EnvMessage[] {
  return available
    .slice(seenCount)
    .filter(
      (m) =>
        m.from !== agent.id &&
        (m.to === "all" || m.to.includes(agent.id)) &&
        (agent.watch.includes(m.from) || agent.watch.includes(m.cause) || (opener && m.from === "user")),
    );
}

/** The agent's standing instructions: its first task, or a turn built from its goal when it has none. */
function turnTask(agent: Agent, tasks: readonly Task[], inputs: Record<string, string>): Task {
  const own = tasks.find((t) => t.agent === agent.id);
  if (own) return own;
  return {
    id: `${agent.id}-turn`,
    name: `${agent.role} speaks`,
    description: fillPlaceholders(`React to the new messages in the room, in keeping with your goal: ${agent.goal}`, inputs),
    expectedOutput: "A short turn addressed to the group.",
    agent: agent.id,
    async: false,
    tools: [],
    humanInput: false,
  };
}

function openingText(inputs: Record<string, string>): string {
  const entries = Object.entries(inputs);
  return entries.length ? entries.map(([k, v]) => `${k}: ${v}`).join("\n") : "Begin.";
}

function transcript(messages: readonly EnvMessage[], agents: readonly Agent[]): string {
  const name = (id: string) => (id === "user" ? "User" : agents.find((a) => a.id === id)?.role.trim() || id);
  return messages.map((m) => `${name(m.from)} (round ${m.round}): ${m.content.trim()}`).join("\n\n");
}
