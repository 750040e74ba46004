import { describe, expect, it } from "vitest";
import { ScriptedProvider } from "../llm/ScriptedProvider";
import { kickoff } from "./kickoff";
import { idSource, memoryFiles, StubToolHost, testCrew, VirtualClock } from "./testing/harness";

describe("engine smoke", () => {
  it("runs a two-task sequential crew with a tool call", async () => {
    const clock = new VirtualClock();
    const provider = new ScriptedProvider(
      [{ content: "", toolCalls: [{ id: "c1", name: "echo", arguments: '{"text":"hi"}' }] }, "first answer", "second answer"],
      { sleep: clock.sleep },
    );
    const crew = testCrew({ tasks: [{}, {}], tools: [{}], agents: [{ tools: ["tool1"] }] });
    const result = await kickoff(
      crew,
      {},
      { resolveLlm: () => ({ provider, model: "m" }), host: new StubToolHost(), files: memoryFiles, clock, newId: idSource() },
    );
    expect(result.status).toBe("completed");
    expect(result.tasks.map((t) => t.raw)).toEqual(["first answer", "second answer"]);
    expect(provider.calls[2]?.messages.at(-1)?.content).toContain("first answer");
    expect(result.usage.requests).toBe(3);
  });
});
