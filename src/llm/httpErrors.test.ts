import { describe, expect, it } from "vitest";
import { LlmError } from "../engine/ports";
import { abortedError, describeBody, errorFromFetchFailure, retryAfterMs, saysToolsUnsupported } from "./httpErrors";

const site = { label: "test", url: "http://127.0.0.1:1/v1/chat/completions", secret: "sk-x" };

describe("saysToolsUnsupported", () => {
  it.each([
    "registry.ollama.ai/library/gemma:2b does not support tools",
    "tools param requires --jinja flag",
    '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set',
    "tools is not supported with this model",
    "Unrecognized request argument supplied: tools",
    "This model does not support function calling",
    "Model 'phi' doesn't support tool use",
    "body.tools: Extra inputs are not permitted",
    "tool_choice is not supported by this server",
    "Tool calling is not supported by this model",
    "functions are unsupported",
  ])("recognises %j", (message) => {
    expect(saysToolsUnsupported(message)).toBe(true);
  });

  it.each([
    "model 'llama3' not found, try pulling it first",
    "Failed to parse tool call arguments as JSON",
    "messages.3.tool_call_id is required",
    "context length exceeded",
    "temperature is not supported with this model",
  ])("does not flag %j", (message) => {
    expect(saysToolsUnsupported(message)).toBe(false);
  });
});

describe("retryAfterMs", () => {
  it("reads seconds, milliseconds and HTTP dates", () => {
    expect(retryAfterMs(new Headers({ "retry-after": "2" }))).toBe(2000);
    expect(retryAfterMs(new Headers({ "retry-after": "0.5" }))).toBe(500);
    expect(retryAfterMs(new Headers({ "retry-after-ms": "250" }))).toBe(250);
    const now = Date.parse("2025-01-01T00:00:00Z");
    expect(retryAfterMs(new Headers({ "retry-after": "Wed, 01 Jan 2025 00:00:30 GMT" }), now)).toBe(30_000);
    expect(retryAfterMs(new Headers({ "retry-after": "Tue, 31 Dec 2024 23:00:00 GMT" }), now)).toBe(0);
    expect(retryAfterMs(new Headers({ "retry-after": "soon" }))).toBeUndefined();
    expect(retryAfterMs(new Headers())).toBeUndefined();
  });
});

describe("describeBody", () => {
  it("takes the message from the common error shapes, else the text", () => {
    expect(describeBody('{"error":{"message":"bad model"}}')).toBe("bad model");
    expect(describeBody('{"error":"plain"}')).toBe("plain");
    expect(describeBody('{"detail":[{"loc":["body","tools"],"msg":"Extra inputs are not permitted"}]}')).toBe(
      "body.tools: Extra inputs are not permitted",
    );
    expect(describeBody("Bad Gateway\n")).toBe("Bad Gateway");
    expect(describeBody("y".repeat(1000))).toHaveLength(301);
  });
});

describe("fetch failures", () => {
  it("passes on an LlmError reason and recognises timeouts", () => {
    const own = new LlmError("timeout", "run deadline");
    expect(abortedError(AbortSignal.abort(own), site)).toBe(own);
    expect(abortedError(AbortSignal.abort(new DOMException("late", "TimeoutError")), site).kind).toBe("timeout");
    expect(abortedError(AbortSignal.abort(), site).kind).toBe("aborted");
  });

  it("maps Node's fetch failed to network with its cause and a bad URL to client; rethrows other errors", () => {
    const refused = new TypeError("fetch failed", {
      cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }),
    });
    expect(errorFromFetchFailure(refused, site)).toMatchObject({ kind: "network", message: expect.stringContaining("ECONNREFUSED") });
    expect(errorFromFetchFailure(new TypeError("Failed to parse URL from /v1/chat/completions"), site)).toMatchObject({ kind: "client" });
    const bug = new RangeError("oops");
    expect(errorFromFetchFailure(bug, site)).toBe(bug);
  });
});
