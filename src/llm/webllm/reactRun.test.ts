import { describe, expect, it } from "vitest";
import { kickoff } from "../../engine";
import { idSource, memoryFiles, StubToolHost, testCrew } from "../../engine/testing/harness";
import { reactGrammar } from "./reactGrammar";
import { FakeMlcEngine, type FakeStep } from "./testing/FakeMlcEngine";
import { WebLlmProvider } from "./WebLlmProvider";
import { WebLlmRuntime } from "./WebLlmRuntime";

const QWEN = "Qwen2.5-1.5B-Instruct-q4f16_1-MLC";

describe("a crew on an in-browser model without function calling (fake engine)", () => {
  it("sends every ReAct turn with the grammar of the agent's tools, and the forced last turn with a final-answer-only grammar", async () => {
    const replies: FakeStep[] = [
      { tokens: ["Thought: echo it\nAction: echo\n", 'Action Input: {"text":"one"}'] },
      { tokens: ["Thought: again\nAction: add\n", 'Action Input: {"a":1,"b":2}'] },
      { tokens: ["Thought: I know the final answer\nFinal Answer: ", "three"] },
    ];
    const engine = new FakeMlcEngine((_request) => replies.shift() ?? { tokens: ["unexpected call"] });
    const provider = new WebLlmProvider({ runtime: new WebLlmRuntime(async () => engine), nativeTools: false });
    const crew = testCrew({
      llms: [{ id: "tab", provider: "webllm", model: QWEN }],
      defaultLlm: "tab",
      agents: [{ tools: ["tool1", "tool2"], maxIter: 2 }],
      tools: [{}, { name: "add" }],
      tasks: [{}],
    });
    const host = new StubToolHost();
    const result = await kickoff(crew, {}, { resolveLlm: () => ({ provider, model: QWEN }), host, files: memoryFiles, newId: idSource() });

    expect(result.status).toBe("completed");
    expect(result.tasks[0]?.raw).toBe("three");
    expect(host.invocations).toEqual([
      { tool: "echo", args: { text: "one" } },
      { tool: "add", args: { a: 1, b: 2 } },
    ]);
    const formats = engine.requests.map((r) => r.request.response_format);
    // The first call goes out with native tools (refused before anything loads), so all three here are text turns.
    expect(formats).toEqual([
      { type: "grammar", grammar: reactGrammar(["echo", "add"]) },
      { type: "grammar", grammar: reactGrammar(["echo", "add"]) },
      { type: "grammar", grammar: reactGrammar([]) },
    ]);
  });
});
