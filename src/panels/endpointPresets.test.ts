import { describe, expect, it } from "vitest";
import { corsFixFor, looksLikeCors, presetOf } from "./endpointPresets";

describe("CORS advice", () => {
  it("recognises our network-error wording and each browser's bare fetch failure, not other errors", () => {
    const ours =
      "openai-compatible http://127.0.0.1:9/v1: could not reach http://127.0.0.1:9/v1/models (network error or the server does not allow requests from this page (CORS))";
    for (const message of [ours, "Failed to fetch", "NetworkError when attempting to fetch resource.", "Load failed"])
      expect(looksLikeCors(message)).toBe(true);
    expect(looksLikeCors("HTTP 401 Unauthorized from http://127.0.0.1:9/v1/models: invalid key")).toBe(false);
  });

  it("gives the advice of the endpoint the message names, else the generic advice", () => {
    const endpoints = [
      { baseUrl: "http://localhost:11434/v1/", preset: "ollama" },
      { baseUrl: "http://localhost:1234/v1", preset: "lmstudio" },
    ];
    expect(corsFixFor("could not reach http://localhost:1234/v1/chat/completions (CORS)", endpoints)).toBe(presetOf("lmstudio").corsFix);
    expect(corsFixFor("could not reach http://LOCALHOST:11434/v1/models", endpoints)).toBe(presetOf("ollama").corsFix);
    expect(corsFixFor("could not reach http://elsewhere/v1/models", endpoints)).toBe(presetOf("custom").corsFix);
  });
});
