import { describe, expect, it } from "vitest";
import { ScriptedProvider } from "../llm/ScriptedProvider";
import { templateById } from "../model/templates";
import { type CrewResult, kickoff } from "./kickoff";
import type { ChatRequest } from "./ports";
import { systemClock } from "./ports";
import { idSource, memoryFiles, StubToolHost, testCrew, VirtualClock } from "./testing/harness";

const room = () => {
  const t = templateById("brainstorm-room");
  if (!t) throw new Error("no brainstorm template");
  return structuredClone(t.crew);
};
const speaker = (req: ChatRequest) => /You are (\w+)/.exec(req.messages[0]?.content ?? "")?.[1] ?? "?";
const userText = (req: ChatRequest) => req.messages.at(-1)?.content ?? "";
const rounds = (r: CrewResult) =>
  r.events.filter((e) => e.type === "round.started").map((e) => (e.type === "round.started" ? e.agents : []));

describe("environment process", () => {
  it("opens with the first task's agent, then lets watchers react round by round, concurrently", async () => {
    const provider = new ScriptedProvider((req) => ({ content: `${speaker(req)} speaks`, delayMs: 30 }), { sleep: systemClock.sleep });
    const result = await kickoff(
      room(),
      { topic: "tides" },
      { resolveLlm: () => ({ provider, model: "m" }), host: new StubToolHost(), files: memoryFiles, newId: idSource() },
    );
    expect(result.status).toBe("completed");
    const r = rounds(result);
    expect(r[0]).toEqual(["alex"]);
    expect(r[1]?.sort()).toEqual(["bob", "chalice"]);
    expect(r.length).toBe(4);
    // Each round's agents are asked at the same time (round 3 has three of them).
    expect(r[2]?.sort()).toEqual(["alex", "bob", "chalice"]);
    expect(provider.maxInFlight).toBe(3);
    const first = provider.calls[0] as ChatRequest;
    expect(userText(first)).toContain("topic: tides");
    const bob = provider.calls.find((c, i) => i > 0 && speaker(c) === "Bob") as ChatRequest;
    expect(userText(bob)).toContain("Alex, the teacher (round 1): Alex speaks");
    expect(userText(bob)).not.toContain("Chalice speaks");
    expect(result.raw).toMatch(/^\[round 1\] Alex, the teacher: Alex speaks/);
    const published = result.events.filter((e) => e.type === "message.published");
    expect(published[0]).toMatchObject({ from: "user", cause: "inputs", round: 0 });
    expect(published[1]).toMatchObject({ from: "alex", cause: "alex_turn", round: 1 });
  });

  it("stops when nobody has anything new, and at maxRounds", async () => {
    const crew = testCrew({
      agents: [
        { id: "a1", watch: [] },
        { id: "a2", watch: ["a1"] },
      ],
      tasks: [{ agent: "a1" }, { agent: "a2" }],
      settings: { maxRounds: 9 },
    });
    crew.process = "environment";
    const provider = new ScriptedProvider(() => "said");
    const idle = await kickoff(
      crew,
      {},
      {
        resolveLlm: () => ({ provider, model: "m" }),
        host: new StubToolHost(),
        files: memoryFiles,
        clock: new VirtualClock(),
        newId: idSource(),
      },
    );
    expect(rounds(idle)).toEqual([["a1"], ["a2"]]);

    crew.agents = crew.agents.map((a) => (a.id === "a1" ? { ...a, watch: ["a2"] } : a));
    crew.settings = { ...crew.settings, maxRounds: 3 };
    const capped = await kickoff(
      crew,
      {},
      {
        resolveLlm: () => ({ provider, model: "m" }),
        host: new StubToolHost(),
        files: memoryFiles,
        clock: new VirtualClock(),
        newId: idSource(),
      },
    );
    expect(rounds(capped)).toEqual([["a1"], ["a2"], ["a1"]]);
  });

  it("records which messages each actor reacts to, and delivers addressed messages only to their addressees", async () => {
    const crew = room();
    // Alex now speaks to Bob alone: Chalice (who watches Alex) must not hear it, so round 2 is Bob's only.
    crew.agents = crew.agents.map((a) => (a.id === "alex" ? { ...a, sendTo: ["bob"] } : a));
    crew.settings = { ...crew.settings, maxRounds: 3 };
    const provider = new ScriptedProvider((req) => `${speaker(req)} speaks`);
    const result = await kickoff(
      crew,
      { topic: "tides" },
      { resolveLlm: () => ({ provider, model: "m" }), host: new StubToolHost(), files: memoryFiles, newId: idSource() },
    );
    expect(result.status).toBe("completed");
    const published = result.events.flatMap((e) => (e.type === "message.published" ? [e] : []));
    const started = result.events.flatMap((e) => (e.type === "round.started" ? [e] : []));
    const byFrom = (from: string, round: number) => published.find((m) => m.from === from && m.round === round)?.messageId;
    expect(published.find((m) => m.from === "alex")?.to).toEqual(["bob"]);
    expect(published.find((m) => m.from === "bob")?.to).toBe("all");
    expect(started.map((r) => r.agents)).toEqual([["alex"], ["bob"], ["alex", "chalice"]]);
    expect(started[0]?.reactsTo).toEqual({ alex: [byFrom("user", 0)] });
    expect(started[1]?.reactsTo).toEqual({ bob: [byFrom("alex", 1)] });
    expect(started[2]?.reactsTo).toEqual({ alex: [byFrom("bob", 2)], chalice: [byFrom("bob", 2)] });
    // Chalice never sees Alex's private message, not even as earlier history.
    const chalice = provider.calls.find((c) => speaker(c) === "Chalice") as ChatRequest;
    expect(userText(chalice)).toContain("Bob speaks");
    expect(userText(chalice)).not.toContain("Alex speaks");
  });

  it("checks the token budget before every call, stopping mid-round", async () => {
    const crew = room();
    crew.settings = { ...crew.settings, tokenBudget: 700 };
    const provider = new ScriptedProvider(() => ({ content: "x".repeat(400), usage: { promptTokens: 150, completionTokens: 100 } }));
    const result = await kickoff(
      crew,
      { topic: "tides" },
      {
        resolveLlm: () => ({ provider, model: "m" }),
        host: new StubToolHost(),
        files: memoryFiles,
        clock: new VirtualClock(),
        newId: idSource(),
      },
    );
    expect(result.status).toBe("failed");
    expect(result.error).toContain("token budget of 700");
    expect(result.events.some((e) => e.type === "budget.exceeded")).toBe(true);
    expect(result.usage.totalTokens).toBeLessThanOrEqual(750);
  });
});
