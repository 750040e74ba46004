import { describe, expect, it } from "vitest";
import { templateById } from "../model/templates";
import { roundLines } from "./roundSummary";

const room = templateById("brainstorm-room")?.crew;

describe("roundLines", () => {
  it("says, round by round, who reacted to whom (the opening is the crew's first input)", () => {
    if (!room) throw new Error("no brainstorm template");
    const messages = [
      { id: "m0", round: 0, from: "user", cause: "inputs", content: "topic: tides", ts: 0 },
      { id: "m1", round: 1, from: "alex", cause: "alex_turn", content: "Let us begin", ts: 1 },
      { id: "m2", round: 2, from: "bob", cause: "bob_turn", content: "A question", ts: 2 },
    ];
    const lines = roundLines(
      [
        { round: 1, agents: ["alex"], reactsTo: { alex: ["m0"] }, start: 0, end: 1 },
        { round: 2, agents: ["bob", "chalice"], reactsTo: { bob: ["m1"], chalice: ["m1"] }, start: 1, end: 2 },
        { round: 3, agents: ["alex", "chalice"], reactsTo: { alex: ["m2"], chalice: ["m2", "m2"] }, start: 2 },
      ],
      messages,
      room,
    );
    const text = lines.map((l) => `${l.round}${l.done ? "" : "…"} ${l.reactions.map((r) => `${r.name}←${r.to.join("+")}`).join(" ")}`);
    expect(text).toEqual(["1 Alex←topic", "2 Bob←Alex Chalice←Alex", "3… Alex←Bob Chalice←Bob"]);
  });

  it("lists the agents alone when the run does not say what they reacted to", () => {
    if (!room) throw new Error("no brainstorm template");
    const [line] = roundLines([{ round: 1, agents: ["alex", "ghost"], start: 0 }], [], room);
    expect(line?.reactions).toEqual([
      { agent: "alex", name: "Alex", to: [] },
      { agent: "ghost", name: "ghost", to: [] },
    ]);
  });
});
