import { describe, expect, it } from "vitest";
import { type ChatMessage, type ChatRequest, LlmError, systemClock } from "../engine/ports";
import { ScriptedProvider, splitText } from "./ScriptedProvider";

function request(overrides: Partial<ChatRequest> = {}): ChatRequest {
  return { model: "m", messages: [{ role: "user", content: "hi" }], signal: new AbortController().signal, ...overrides };
}

describe("ScriptedProvider", () => {
  it("answers steps in order, records requests and streams content in pieces", async () => {
    const provider = new ScriptedProvider([
      "Final Answer: 42",
      { toolCalls: [{ id: "c1", name: "calc", arguments: "{}" }], usage: { promptTokens: 5, completionTokens: 1 } },
    ]);
    const tokens: string[] = [];
    const messages: ChatMessage[] = [{ role: "user", content: "q" }];
    const first = await provider.chat(request({ messages, onToken: (t) => tokens.push(t) }));
    messages.push({ role: "assistant", content: "later" });
    const second = await provider.chat(request());
    expect(first).toEqual({ content: "Final Answer: 42", toolCalls: [], finishReason: "stop" });
    expect(tokens.length).toBeGreaterThan(1);
    expect(tokens.join("")).toBe("Final Answer: 42");
    expect(second).toEqual({
      content: "",
      toolCalls: [{ id: "c1", name: "calc", arguments: "{}" }],
      usage: { promptTokens: 5, completionTokens: 1 },
      finishReason: "tool_calls",
    });
    expect(provider.calls).toHaveLength(2);
    expect(provider.calls[0]?.messages).toEqual([{ role: "user", content: "q" }]);
    expect(provider.remaining).toBe(0);
  });

  it("throws scripted errors and fails clearly when the script runs out", async () => {
    const provider = new ScriptedProvider([new LlmError("rate_limit", "slow down", { retryAfterMs: 10 }), { error: new Error("boom") }]);
    await expect(provider.chat(request())).rejects.toMatchObject({ kind: "rate_limit" });
    await expect(provider.chat(request())).rejects.toThrow("boom");
    await expect(provider.chat(request())).rejects.toThrow("no scripted step for call 3");
  });

  it("computes answers with a function given the request and call index", async () => {
    const provider = new ScriptedProvider(async (req, index) => `${index}:${req.messages.at(-1)?.content}`);
    expect((await provider.chat(request())).content).toBe("0:hi");
    expect((await provider.chat(request({ messages: [{ role: "user", content: "yo" }] }))).content).toBe("1:yo");
  });

  it("waits delayMs through the injected sleep and tracks concurrency", async () => {
    const slept: number[] = [];
    const provider = new ScriptedProvider(
      [
        { content: "a", delayMs: 30 },
        { content: "b", delayMs: 10 },
      ],
      {
        sleep: (ms, signal) => {
          slept.push(ms);
          return systemClock.sleep(ms, signal);
        },
      },
    );
    const answers = await Promise.all([provider.chat(request()), provider.chat(request())]);
    expect(answers.map((a) => a.content)).toEqual(["a", "b"]);
    expect(slept).toEqual([30, 10]);
    expect(provider.maxInFlight).toBe(2);
    expect(provider.inFlight).toBe(0);
  });

  it("rejects with aborted when the signal fires during the delay", async () => {
    const provider = new ScriptedProvider([{ content: "late", delayMs: 10_000 }]);
    const controller = new AbortController();
    const pending = provider.chat(request({ signal: controller.signal }));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: "LlmError", kind: "aborted" });
    expect(provider.inFlight).toBe(0);
  });

  it("rejects requests with tools when told supportsTools: false, without using a step", async () => {
    const provider = new ScriptedProvider(["plain answer"], { supportsTools: false });
    const tools = [{ name: "t", description: "d", parameters: {} }];
    await expect(provider.chat(request({ tools }))).rejects.toMatchObject({ kind: "tools_unsupported", retryable: false });
    expect((await provider.chat(request({ tools: [] }))).content).toBe("plain answer");
    expect(provider.calls).toHaveLength(2);
  });
});

describe("splitText", () => {
  it("splits into pieces that join back exactly, never inside an emoji", () => {
    expect(splitText("", 3)).toEqual([]);
    expect(splitText("abcdefg", 3)).toEqual(["abc", "def", "g"]);
    expect(splitText("a😀b", 3).join("")).toBe("a😀b");
    expect(splitText("a😀b", 3)).toEqual(["a", "😀", "b"]);
  });
});
