import { describe, expect, it } from "vitest";
import { testAgent, testCrew } from "../model/testCrews";
import { costOf, DEFAULT_PRICES } from "./cost";
import { onDeviceUsage, withOnDeviceFree } from "./onDeviceCost";

const crew = testCrew({
  agents: [testAgent("drafter", { llm: "local" }), testAgent("reviewer", { llm: "api" })],
  llms: [
    { id: "local", provider: "webllm", model: "Small-1B" },
    { id: "api", provider: "openai-compatible", model: "gpt-4.1" },
  ],
});
const usage = {
  "Small-1B": { promptTokens: 1_000_000, completionTokens: 500_000, requests: 3 },
  "gpt-4.1": { promptTokens: 1000, completionTokens: 100, requests: 1 },
};

describe("on-device usage", () => {
  it("counts only calls on in-browser models and prices them with gpt-4.1-mini", () => {
    expect(onDeviceUsage(usage, crew, DEFAULT_PRICES)).toEqual({
      requests: 3,
      promptTokens: 1_000_000,
      completionTokens: 500_000,
      remoteUsd: expect.closeTo(1.2, 9),
      reference: "gpt-4.1-mini",
    });
  });

  it("falls back to the first priced model, and says nothing when no call stayed local", () => {
    expect(onDeviceUsage(usage, crew, { "gpt-4o": { input: 2.5, output: 10 } })?.reference).toBe("gpt-4o");
    expect(onDeviceUsage(usage, crew, {})).toMatchObject({ remoteUsd: null, reference: null });
    expect(onDeviceUsage({ "gpt-4.1": usage["gpt-4.1"] }, crew, DEFAULT_PRICES)).toBeNull();
  });

  it("makes in-browser models free rather than unpriced in the run's cost", () => {
    expect(costOf(usage, DEFAULT_PRICES).unpriced).toEqual(["Small-1B"]);
    const cost = costOf(usage, withOnDeviceFree(DEFAULT_PRICES, crew));
    expect(cost.unpriced).toEqual([]);
    expect(cost.usd).toBeCloseTo((1000 * 2 + 100 * 8) / 1_000_000);
  });
});
