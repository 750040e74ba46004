import { describe, expect, it } from "vitest";
import { type ChatRequest, LlmError } from "../../engine/ports";
import { reactGrammar } from "./reactGrammar";
import { FakeMlcEngine, type FakeScript } from "./testing/FakeMlcEngine";
import { WebLlmProvider } from "./WebLlmProvider";
import { WebLlmRuntime } from "./WebLlmRuntime";

const QWEN = "Qwen2.5-1.5B-Instruct-q4f16_1-MLC";
const HERMES = "Hermes-3-Llama-3.1-8B-q4f16_1-MLC";

function setup(script: ConstructorParameters<typeof FakeMlcEngine>[0]) {
  const engine = new FakeMlcEngine(script);
  const loads: string[] = [];
  let engines = 0;
  const runtime = new WebLlmRuntime(
    async () => {
      engines++;
      return engine;
    },
    (id) => loads.push(id),
  );
  const provider = (nativeTools = false) => new WebLlmProvider({ runtime, nativeTools });
  return { engine, runtime, provider, loads, created: () => engines };
}

function request(extra: Partial<ChatRequest> = {}): ChatRequest {
  return { model: QWEN, messages: [{ role: "user", content: "hi" }], signal: new AbortController().signal, ...extra };
}

describe("WebLlmProvider", () => {
  it("streams tokens to onToken, returns the text with usage, and loads the model once", async () => {
    const { provider, engine, loads } = setup({
      steps: [{ tokens: ["Hel", "lo"], usage: { prompt_tokens: 7, completion_tokens: 2 } }, { tokens: ["again"] }],
    });
    const tokens: string[] = [];
    const first = await provider().chat(request({ onToken: (t) => tokens.push(t), temperature: 0.2, maxTokens: 50 }));
    expect(tokens).toEqual(["Hel", "lo"]);
    expect(first).toEqual({ content: "Hello", toolCalls: [], usage: { promptTokens: 7, completionTokens: 2 }, finishReason: "stop" });
    expect(engine.requests[0]?.request).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.2,
      max_tokens: 50,
    });
    await provider().chat(request());
    expect(loads).toEqual([QWEN]);
  });

  it("interrupts generation when the signal aborts and rejects with an aborted LlmError", async () => {
    const { provider, engine } = setup({ steps: [{ tokens: ["partial"], hold: true }] });
    const controller = new AbortController();
    const call = provider().chat(request({ signal: controller.signal, onToken: () => controller.abort(new Error("stopped by you")) }));
    await expect(call).rejects.toMatchObject({ name: "LlmError", kind: "aborted" });
    expect(engine.log).toContain("interrupt");
  });

  it("sends native tools to a function-calling model and returns its tool calls, with system text folded into the user turn", async () => {
    const { provider, engine } = setup({ steps: [{ toolCalls: [{ name: "search", arguments: '{"q":"web gpu"}' }] }] });
    const response = await provider(true).chat(
      request({
        model: HERMES,
        messages: [
          { role: "system", content: "You are a researcher." },
          { role: "user", content: "Find it." },
        ],
        tools: [{ name: "search", description: "Search the web", parameters: { type: "object", properties: { q: { type: "string" } } } }],
      }),
    );
    expect(response.toolCalls).toEqual([{ id: "fake_call_1_0", name: "search", arguments: '{"q":"web gpu"}' }]);
    expect(response.finishReason).toBe("tool_calls");
    const sent = engine.requests[0]?.request;
    expect(sent?.tools?.[0]?.function.name).toBe("search");
    expect(sent?.messages).toEqual([{ role: "user", content: "You are a researcher.\n\nFind it." }]);
  });

  it("refuses tools for a model without function calling so the engine switches to ReAct, without loading anything", async () => {
    const { provider, loads } = setup({ steps: [] });
    const call = provider(false).chat(request({ tools: [{ name: "search", description: "d", parameters: {} }] }));
    await expect(call).rejects.toMatchObject({ kind: "tools_unsupported" });
    expect(loads).toEqual([]);
  });

  it("asks web-llm for schema-constrained JSON when the engine wants structured output", async () => {
    const { provider, engine } = setup({ steps: [{ tokens: ['{"ok":true}'] }] });
    const schema = { type: "object", properties: { ok: { type: "boolean" } }, required: ["ok"] };
    const response = await provider().chat(request({ responseFormat: { type: "json_schema", name: "task_output", schema } }));
    expect(response.content).toBe('{"ok":true}');
    expect(engine.requests[0]?.request.response_format).toEqual({ type: "json_object", schema: JSON.stringify(schema) });
  });

  it("constrains a text-protocol turn with the ReAct grammar of the tools offered, and plain turns not at all", async () => {
    const { provider, engine } = setup({ steps: [{ tokens: ["Thought: t\nFinal Answer: a"] }, { tokens: ["plain"] }] });
    const response = await provider().chat(request({ textProtocol: { tools: ["search", 'quote"d'] }, stop: ["\nObservation:"] }));
    expect(response.content).toBe("Thought: t\nFinal Answer: a");
    expect(engine.requests[0]?.request.response_format).toEqual({ type: "grammar", grammar: reactGrammar(["search", 'quote"d']) });
    expect(engine.requests[0]?.request.stop).toEqual(["\nObservation:"]);
    await provider().chat(request());
    expect(engine.requests[1]?.request).not.toHaveProperty("response_format");
  });

  it("runs calls one at a time, and a call for another model waits, then reloads", async () => {
    const { provider, engine } = setup((_request, modelId) => ({ tokens: [modelId.slice(0, 4)] }));
    const release = engine.holdLoads();
    const calls = [
      provider().chat(request()),
      provider().chat(request()),
      provider().chat(request({ model: HERMES })),
      provider().chat(request()),
    ];
    release();
    const answers = await Promise.all(calls);
    expect(answers.map((a) => a.content)).toEqual(["Qwen", "Qwen", "Herm", "Qwen"]);
    expect(engine.log).toEqual([
      `reload:${QWEN}`,
      `start:${QWEN}`,
      `end:${QWEN}`,
      `start:${QWEN}`,
      `end:${QWEN}`,
      `reload:${HERMES}`,
      `start:${HERMES}`,
      `end:${HERMES}`,
      `reload:${QWEN}`,
      `start:${QWEN}`,
      `end:${QWEN}`,
    ]);
  });

  it("answers a caller that gives up while waiting in the queue, and the queue goes on", async () => {
    const { provider, engine } = setup((_request, modelId) => ({ tokens: [modelId.slice(0, 4)] }));
    const release = engine.holdLoads();
    const controller = new AbortController();
    const first = provider().chat(request());
    const second = provider().chat(request({ signal: controller.signal }));
    controller.abort(new Error("stopped by you"));
    await expect(second).rejects.toMatchObject({ kind: "aborted" });
    release();
    expect((await first).content).toBe("Qwen");
    expect((await provider().chat(request())).content).toBe("Qwen");
    expect(engine.requests).toHaveLength(2);
  });

  it("turns a GPU out-of-memory failure into a clear error that says to pick a smaller model", async () => {
    const script: FakeScript = { steps: [], loadError: { name: "Error", message: "GPUOutOfMemoryError: Out of memory allocating buffer" } };
    const { provider } = setup(script);
    const error = await provider()
      .chat(request())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmError);
    expect((error as LlmError).message).toMatch(new RegExp(`${QWEN}.*out of memory.*pick a smaller model`));
    expect((error as LlmError).retryable).toBe(false);
  });

  it("says a lost device is usually memory, and the next call starts a fresh engine and loads the model again", async () => {
    let calls = 0;
    const { provider, engine, created } = setup(() =>
      calls++ === 0
        ? { error: { name: "DeviceLostError", message: "The WebGPU device was lost while loading the model." } }
        : { tokens: ["ok"] },
    );
    await expect(provider().chat(request())).rejects.toThrow(/device was lost.*pick a smaller model/);
    expect((await provider().chat(request())).content).toBe("ok");
    expect(engine.log.filter((l) => l.startsWith("reload"))).toHaveLength(2);
    expect(created()).toBe(2);
  });

  it("joins system messages into the one first system message web-llm accepts, and writes earlier native calls as the model does", async () => {
    const { provider, engine } = setup({ steps: [{ tokens: ["ok"] }, { tokens: ["done"] }] });
    await provider().chat(
      request({
        messages: [
          { role: "system", content: "You are a writer." },
          { role: "user", content: "Write." },
          { role: "system", content: "Answer in JSON." },
        ],
      }),
    );
    expect(engine.requests[0]?.request.messages).toEqual([
      { role: "system", content: "You are a writer.\n\nAnswer in JSON." },
      { role: "user", content: "Write." },
    ]);
    await provider(true).chat(
      request({
        model: HERMES,
        messages: [
          { role: "user", content: "Find it." },
          { role: "assistant", content: "", toolCalls: [{ id: "c1", name: "search", arguments: '{"q":"x"}' }] },
          { role: "tool", content: "found", toolCallId: "c1" },
        ],
        tools: [{ name: "search", description: "d", parameters: {} }],
      }),
    );
    expect(engine.requests[1]?.request.messages[1]).toMatchObject({
      role: "assistant",
      content: '[{"name":"search","arguments":{"q":"x"}}]',
    });
    expect(engine.requests[1]?.request.messages[2]).toEqual({ role: "tool", content: "found", tool_call_id: "c1" });
  });
});
