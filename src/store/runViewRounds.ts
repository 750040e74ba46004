import type { RunEvent } from "../engine/events";
import type { Crew } from "../model";
import type { ViewDraft } from "./runViewDraft";
import type { MessageView, RoundView, RunView } from "./runViewTypes";

/** What the reaction rules need of a published message. */
export type RoomMessage = Pick<MessageView, "id" | "round" | "from" | "cause" | "to">;

/** The agent that answers the user's opening message: the first task's agent, else the first agent (as the engine picks it). */
export function openerOf(crew: Crew): string | undefined {
  return crew.tasks.find((t) => t.agent)?.agent ?? crew.agents[0]?.id;
}

/**
 * The messages each acting agent reacts to in a round, for logs saved before round.started said so: the messages
 * published since the round it last acted in (all of them if it never did) that are not its own, are addressed to
 * everyone or to it, and come from an agent or task it watches (the opener also hears the user). The rule the
 * environment uses to pick who acts.
 */
export function reactionsFor(
  crew: Crew,
  messages: readonly RoomMessage[],
  rounds: readonly Pick<RoundView, "round" | "agents">[],
  round: number,
  agents: readonly string[],
): Record<string, string[]> {
  const opener = openerOf(crew);
  const out: Record<string, string[]> = {};
  for (const id of agents) {
    const watch = crew.agents.find((a) => a.id === id)?.watch ?? [];
    const since = rounds.findLast((r) => r.round < round && r.agents.includes(id))?.round ?? 0;
    out[id] = messages
      .filter((m) => {
        if (m.round < since || m.round >= round || m.from === id) return false;
        if (m.to && !m.to.includes(id)) return false;
        return watch.includes(m.from) || watch.includes(m.cause) || (m.from === "user" && id === opener);
      })
      .map((m) => m.id);
  }
  return out;
}

/** `watches:<watcher>:<watched>` edges for each agent and each watched agent (or task) whose message it reacts to. */
export function watchEdges(crew: Crew, messages: readonly RoomMessage[], reactsTo: Record<string, readonly string[]>): string[] {
  const byId = new Map(messages.map((m) => [m.id, m]));
  const edges = new Set<string>();
  for (const [id, ids] of Object.entries(reactsTo)) {
    const watch = crew.agents.find((a) => a.id === id)?.watch ?? [];
    for (const messageId of ids) {
      const m = byId.get(messageId);
      if (!m) continue;
      const watched = watch.includes(m.from) ? m.from : watch.includes(m.cause) ? m.cause : null;
      if (watched) edges.add(`watches:${id}:${watched}`);
    }
  }
  return [...edges];
}

/** Ends the round still going (if any) at `ts`; the same list when none is. */
export function closeRounds(rounds: RoundView[], ts: number): RoundView[] {
  const last = rounds.at(-1);
  if (!last || last.end !== undefined) return rounds;
  return [...rounds.slice(0, -1), { ...last, end: ts }];
}

/** A round starts: the previous one ends, and the watch edges of who reacts to whom light until the next. */
export function startRound(d: ViewDraft, e: Extract<RunEvent, { type: "round.started" }>): Partial<RunView> {
  const { messages } = d.view;
  const reactsTo = e.reactsTo ?? reactionsFor(d.crew, messages, d.view.rounds, e.round, e.agents);
  const rounds = [...closeRounds(d.view.rounds, e.ts), { round: e.round, agents: e.agents, reactsTo, start: e.ts }];
  d.removeEdges((id) => id.startsWith("watches:"));
  for (const edge of watchEdges(d.crew, messages, reactsTo)) d.addEdge(edge);
  return { round: e.round, rounds };
}

/** A message joins the room's list. */
export function publishMessage(d: ViewDraft, e: Extract<RunEvent, { type: "message.published" }>): Partial<RunView> {
  const message: MessageView = { id: e.messageId, round: e.round, from: e.from, cause: e.cause, content: e.content, ts: e.ts };
  if (Array.isArray(e.to)) message.to = e.to;
  return { messages: [...d.view.messages, message] };
}
