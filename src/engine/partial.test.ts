import { describe, expect, it } from "vitest";
import { ScriptedProvider } from "../llm/ScriptedProvider";
import { kickoff } from "./kickoff";
import { LlmError } from "./ports";
import { idSource, memoryFiles, StubToolHost, testCrew, VirtualClock } from "./testing/harness";

const opts = (provider: ScriptedProvider) => ({
  resolveLlm: () => ({ provider, model: "m" }),
  host: new StubToolHost(),
  files: memoryFiles,
  clock: new VirtualClock(),
  newId: idSource(),
});

describe("what a run keeps when it does not finish", () => {
  it("returns the outputs of tasks that finished before a failure", async () => {
    const provider = new ScriptedProvider(["first done", new LlmError("client", "HTTP 401: bad key")]);
    const result = await kickoff(testCrew({ tasks: [{}, {}] }), {}, opts(provider));
    expect(result.status).toBe("failed");
    expect(result.tasks.map((t) => [t.taskId, t.raw])).toEqual([["t1", "first done"]]);
  });
});

describe("native tool calls within one reply", () => {
  it("runs an identical call once even when the model asks for it twice in the same turn", async () => {
    const host = new StubToolHost();
    const twice = [
      { id: "c1", name: "echo", arguments: '{"text":"x"}' },
      { id: "c2", name: "echo", arguments: '{"text": "x"}' },
    ];
    const provider = new ScriptedProvider([{ content: "", toolCalls: twice }, "done"]);
    const crew = testCrew({ tasks: [{}], tools: [{}], agents: [{ tools: ["tool1"] }] });
    const result = await kickoff(crew, {}, { ...opts(provider), host });
    expect(result.status).toBe("completed");
    expect(host.invocations).toHaveLength(1);
    const toolMessages = provider.calls[1]?.messages.filter((m) => m.role === "tool") ?? [];
    expect(toolMessages.map((m) => m.toolCallId)).toEqual(["c1", "c2"]);
    expect(toolMessages[1]?.content).toContain("same call as another one");
  });

  it("fails the task clearly when the forced final answer is empty", async () => {
    const call = { content: "", toolCalls: [{ id: "c", name: "echo", arguments: '{"text":"again"}' }] };
    const provider = new ScriptedProvider(() => call);
    const crew = testCrew({ tasks: [{}], tools: [{}], agents: [{ tools: ["tool1"], maxIter: 2 }] });
    const result = await kickoff(crew, {}, opts(provider));
    expect(result.status).toBe("failed");
    expect(result.error).toContain("gave no final answer after 2 steps");
  });
});
