import { describe, expect, it } from "vitest";
import { kickoff, type RunEvent } from "../../engine";
import { idSource, memoryFiles, StubToolHost, testCrew } from "../../engine/testing/harness";
import type { FakeScript } from "../../llm/webllm/testing/FakeMlcEngine";
import { webLlmProviders } from "./webllmRun";

const QWEN = "Qwen2.5-1.5B-Instruct-q4f16_1-MLC";
const HERMES = "Hermes-3-Llama-3.1-8B-q4f16_1-MLC";

async function run(model: string, fake: FakeScript) {
  const crew = testCrew({
    llms: [{ id: "tab", provider: "webllm", model }],
    defaultLlm: "tab",
    agents: [{ tools: ["tool1"] }, {}],
    tools: [{}],
    tasks: [{}, { agent: "a2" }],
  });
  const notices: string[] = [];
  const providers = await webLlmProviders(crew, { fake, notify: (m) => notices.push(m) });
  if (!providers) throw new Error("expected in-browser providers for a webllm crew");
  const host = new StubToolHost();
  const events: RunEvent[] = [];
  const result = await kickoff(
    crew,
    {},
    {
      resolveLlm: (config) => ({ provider: providers.provider(config?.model ?? model), model: config?.model ?? model }),
      host,
      files: memoryFiles,
      newId: idSource(),
      onEvent: (e) => events.push(e),
    },
  );
  return { result, host, events, notices };
}

describe("in-browser models in a run (fake engine)", () => {
  it("uses the ReAct protocol for a model without function calling, and loads the shared model once", async () => {
    const { result, host, events, notices } = await run(QWEN, {
      steps: [
        { tokens: ["Thought: I should echo.\nAction: echo\n", 'Action Input: {"text":"hi"}'] },
        { tokens: ["Thought: done.\nFinal Answer: ", "first answer"] },
        { tokens: ["second answer"] },
      ],
    });
    expect(result.status).toBe("completed");
    expect(result.tasks.map((t) => t.raw)).toEqual(["first answer", "second answer"]);
    expect(host.invocations).toEqual([{ tool: "echo", args: { text: "hi" } }]);
    expect(events.filter((e) => e.type === "llm.fallback")).toHaveLength(1);
    expect(notices).toEqual([`Loading in-browser model ${QWEN}: the first time downloads it, later runs load it from the browser cache`]);
  });

  it("uses native tool calls for a model in web-llm's function-calling list", async () => {
    const { result, host, events } = await run(HERMES, {
      functionCalling: [HERMES],
      steps: [
        { toolCalls: [{ name: "echo", arguments: '{"text":"native"}' }] },
        { tokens: ["first answer"] },
        { tokens: ["second answer"] },
      ],
    });
    expect(result.status).toBe("completed");
    expect(host.invocations).toEqual([{ tool: "echo", args: { text: "native" } }]);
    expect(events.some((e) => e.type === "llm.fallback")).toBe(false);
  });

  it("fails the run with a clear out-of-memory message", async () => {
    const { result } = await run(QWEN, { steps: [], loadError: { name: "Error", message: "Out of memory" } });
    expect(result.status).toBe("failed");
    expect(result.error).toMatch(/out of memory.*pick a smaller model/);
  });

  it("sets nothing up for a crew without in-browser models", async () => {
    const crew = testCrew({ tasks: [{}] });
    expect(await webLlmProviders(crew, { notify: () => {} })).toBeNull();
  });
});

describe("fake WebGPU verdicts (the e2e flag's support field)", () => {
  it("fails a run without WebGPU with the reason instead of loading anything", async () => {
    const { result, notices } = await run(QWEN, { support: "none", steps: [{ tokens: ["never"] }] });
    expect(result.status).toBe("failed");
    expect(result.error).toMatch(/in-browser models cannot run here.*WebGPU/);
    expect(notices).toEqual([]);
  });

  it("refuses an f16 build on a GPU without shader-f16 and names the f32 build", async () => {
    const { result } = await run(QWEN, { support: "f32", steps: [{ tokens: ["never"] }] });
    expect(result.status).toBe("failed");
    expect(result.error).toMatch(/no shader-f16.*q4f32 build/);
  });
});
