import type { RunEvent } from "../../engine/events";
import type { Crew } from "../../model";
import { reactionsFor } from "../../store/runViewRounds";

type Round = Extract<RunEvent, { type: "round.started" }>;
type Message = Extract<RunEvent, { type: "message.published" }>;

/**
 * The environment's rounds and messages as the console words them: who acted in each round, and which senders each
 * message reacts to (from the log, else worked out from the crew's watch lists, as the run view does).
 */
export class RoomLog {
  private readonly messages: { id: string; round: number; from: string; cause: string; to?: string[] }[] = [];
  private readonly rounds: { round: number; agents: string[]; reactsTo: Record<string, readonly string[]> | undefined }[] = [];

  constructor(
    private readonly name: (id: string) => string,
    private readonly crew: Crew | undefined,
  ) {}

  /** The heading of a round. */
  round(e: Round): string {
    const reactsTo = e.reactsTo ?? (this.crew ? reactionsFor(this.crew, this.messages, this.rounds, e.round, e.agents) : undefined);
    this.rounds.push({ round: e.round, agents: e.agents, reactsTo });
    return `Round ${e.round} · ${e.agents.map(this.name).join(", ")}`;
  }

  /** The line of a message: its sender, whom it answers and, when addressed, to whom it went. */
  message(e: Message): string {
    const to = Array.isArray(e.to) ? e.to : undefined;
    this.messages.push({ id: e.messageId, round: e.round, from: e.from, cause: e.cause, ...(to ? { to } : {}) });
    const addressed = to ? ` → ${to.map(this.name).join(", ")}` : "";
    if (e.from === "user") return `Opening message${addressed}`;
    const ids = this.rounds.findLast((r) => r.round === e.round)?.reactsTo?.[e.from] ?? [];
    const senders = [...new Set(ids.map((id) => this.messages.find((m) => m.id === id)?.from).filter((f) => f !== undefined))];
    const reacting = senders.length ? ` · reacting to ${senders.map((f) => (f === "user" ? "the user" : this.name(f))).join(", ")}` : "";
    return `${this.name(e.from)}${addressed} · round ${e.round}${reacting}`;
  }
}
