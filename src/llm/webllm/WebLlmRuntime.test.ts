import { describe, expect, it } from "vitest";
import { FakeMlcEngine } from "./testing/FakeMlcEngine";
import { WebLlmRuntime } from "./WebLlmRuntime";

const QWEN = "Qwen2.5-1.5B-Instruct-q4f16_1-MLC";

// A one-holder mutex standing in for the cross-run GPU lock.
function mutex() {
  let held = false;
  const waiting: (() => void)[] = [];
  const order: string[] = [];
  const gate = (name: string) => async () => {
    if (held) await new Promise<void>((resolve) => waiting.push(resolve));
    held = true;
    order.push(`take:${name}`);
    return () => {
      order.push(`release:${name}`);
      held = false;
      waiting.shift()?.();
    };
  };
  return { gate, order };
}

describe("WebLlmRuntime across runs", () => {
  it("waits for the GPU turn before creating its engine, holds it across calls, and gives it up on dispose after unloading", async () => {
    const { gate, order } = mutex();
    const first = new FakeMlcEngine(() => ({ tokens: ["a"] }));
    const second = new FakeMlcEngine(() => ({ tokens: ["b"] }));
    const runA = new WebLlmRuntime(async () => first, undefined, gate("A"));
    const runB = new WebLlmRuntime(
      async () => {
        order.push("create:B");
        return second;
      },
      undefined,
      gate("B"),
    );
    const signal = new AbortController().signal;
    const collect = (engine: FakeMlcEngine) => async () => {
      let text = "";
      for await (const chunk of await engine.chatCompletion({ messages: [], stream: true, stream_options: { include_usage: true } }))
        text += chunk.choices[0]?.delta.content ?? "";
      return text;
    };
    expect(await runA.run(QWEN, signal, collect(first))).toBe("a");
    const waiting = runB.run(QWEN, signal, collect(second));
    expect(await runA.run(QWEN, signal, collect(first))).toBe("a");
    await Promise.resolve();
    expect(order).toEqual(["take:A"]);
    await runA.dispose();
    expect(await waiting).toBe("b");
    expect(first.log.at(-1)).toBe("unload");
    expect(order).toEqual(["take:A", "release:A", "take:B", "create:B"]);
  });
});
