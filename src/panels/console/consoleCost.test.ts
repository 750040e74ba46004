import { describe, expect, it } from "vitest";
import { callCost, formatUsd, runCost } from "./consoleCost";
import type { LlmRow } from "./consoleTypes";

const row = (model: string, promptTokens: number, completionTokens: number, estimated = false): LlmRow => ({
  type: "llm",
  key: `llm:${model}${promptTokens}`,
  seq: 1,
  ts: 0,
  kind: "llm",
  section: null,
  taskId: null,
  agentId: null,
  callId: "c",
  model,
  provider: "p",
  messages: 1,
  tools: 0,
  prompt: [],
  promptFrom: 0,
  attempts: 1,
  state: "done",
  content: "",
  toolCalls: [],
  usage: { promptTokens, completionTokens, estimated },
  durationMs: 1,
});
const prices = (model: string) => (model === "m" ? { input: 10, output: 20 } : undefined);

describe("console costs", () => {
  it("prices a call by its tokens, and nothing for an unpriced model or a call without usage", () => {
    expect(callCost(row("m", 30, 5), prices)).toBeCloseTo(0.0004);
    expect(callCost(row("other", 30, 5), prices)).toBeNull();
    expect(callCost({ ...row("m", 1, 1), usage: null }, prices)).toBeNull();
    expect(callCost(row("m", 30, 5), undefined)).toBeNull();
  });

  it("totals a run and names the models it could not price", () => {
    expect(runCost([row("m", 30, 5), row("m", 40, 12, true)], prices)).toEqual({
      usd: expect.closeTo(0.00104),
      unpriced: [],
      estimated: true,
    });
    expect(runCost([row("m", 30, 5), row("x", 1, 1), row("x", 2, 2), row("y", 0, 0)], prices).unpriced).toEqual(["x"]);
  });

  it("formats small amounts with two significant digits and larger ones in cents", () => {
    expect([0, 0.0000001, 0.0004, 0.00064, 0.0012, 0.042, 0.4, 1.27, 1234.5].map(formatUsd)).toEqual([
      "$0",
      "<$0.000001",
      "$0.0004",
      "$0.00064",
      "$0.0012",
      "$0.042",
      "$0.40",
      "$1.27",
      "$1,234.50",
    ]);
  });
});
