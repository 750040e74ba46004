import { describe, expect, it } from "vitest";
import type { Endpoint, LlmConfig } from "../../model";
import { resolveEndpoint } from "./resolveEndpoint";

const endpoint = (id: string, baseUrl: string, apiKey: string, model = "default-model"): Endpoint => ({
  id,
  preset: "custom",
  name: id,
  baseUrl,
  model,
  apiKey,
  createdAt: 0,
});
const config = (baseUrl: string | undefined, model: string): LlmConfig =>
  ({ id: "c", provider: "openai-compatible", model, ...(baseUrl ? { baseUrl } : {}) }) as LlmConfig;

describe("resolveEndpoint (each agent's model)", () => {
  const saved = [
    endpoint("openai", "https://api.openai.com/v1", "sk-openai-key-1234"),
    endpoint("groq", "https://api.groq.com/openai/v1/", "gsk-groq-key-5678"),
  ];

  it("sends a config to the saved endpoint with the same base URL, with that endpoint's key and the config's model", () => {
    const { endpoint: e, model } = resolveEndpoint(config("https://API.groq.com/openai/v1", "llama-3.3-70b"), saved, "openai");
    expect(e.apiKey).toBe("gsk-groq-key-5678");
    expect(model).toBe("llama-3.3-70b");
  });

  it("uses the default endpoint and its model for agents without a config", () => {
    const { endpoint: e, model } = resolveEndpoint(undefined, saved, "openai");
    expect(e.id).toBe("openai");
    expect(model).toBe("default-model");
  });

  it("sends a config for an unknown host there without any stored key", () => {
    const { endpoint: e, model } = resolveEndpoint(config("http://localhost:11434/v1", "llama3.2"), saved, "openai");
    expect(e.baseUrl).toBe("http://localhost:11434/v1");
    expect(e.apiKey).toBe("");
    expect(model).toBe("llama3.2");
  });

  it("says what to do when no endpoint is saved", () => {
    expect(() => resolveEndpoint(undefined, [], "")).toThrow(/add one in the Models panel/);
  });
});
