import type { Crew } from "../model";
import type { MessageView, RoundView } from "../store";

/** One agent's turn in a round: who acted, and whose messages it reacted to (names, in the order first heard). */
export interface Reaction {
  agent: string;
  name: string;
  to: string[];
}

/** One line of the round counter: the round and each turn in it. */
export interface RoundLine {
  round: number;
  reactions: Reaction[];
  done: boolean;
}

/**
 * Who reacted to whom, round by round, from the run's rounds and messages. A message from the run's inputs reads as
 * "topic" (or whatever the crew names its first input); a round without `reactsTo` lists the agents alone.
 */
export function roundLines(rounds: readonly RoundView[], messages: readonly MessageView[], crew: Crew): RoundLine[] {
  const sender = new Map(messages.map((m) => [m.id, m.from]));
  const opening = Object.keys(crew.inputs)[0] ?? "the inputs";
  const name = (id: string) =>
    id === "user"
      ? opening
      : crew.agents
          .find((a) => a.id === id)
          ?.role.split(",")[0]
          ?.trim() || id;
  return rounds.map((round) => ({
    round: round.round,
    done: round.end !== undefined,
    reactions: round.agents.map((agent) => {
      const heard = (round.reactsTo?.[agent] ?? []).map((id) => sender.get(id)).filter((from): from is string => !!from);
      return { agent, name: name(agent), to: [...new Set(heard)].map(name) };
    }),
  }));
}
