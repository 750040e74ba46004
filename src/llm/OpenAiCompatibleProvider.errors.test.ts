import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ChatRequest, LlmError } from "../engine/ports";
import { OpenAiCompatibleProvider } from "./OpenAiCompatibleProvider";
import { contentChunk, json, type StubServer, sseStart, startStub } from "./testing/stubServer";

let stub: StubServer;
beforeEach(async () => {
  stub = await startStub();
});
afterEach(async () => {
  await stub.close();
});

function request(overrides: Partial<ChatRequest> = {}): ChatRequest {
  return { model: "m1", messages: [{ role: "user", content: "hi" }], signal: new AbortController().signal, ...overrides };
}

async function failure(promise: Promise<unknown>): Promise<LlmError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LlmError);
  return error as LlmError;
}

describe("OpenAiCompatibleProvider HTTP errors", () => {
  it("maps 429 with Retry-After seconds to rate_limit with retryAfterMs", async () => {
    stub.handle = (_req, res) => json(res, 429, { error: { message: "Rate limit reached" } }, { "retry-after": "7" });
    const error = await failure(new OpenAiCompatibleProvider({ baseUrl: stub.baseUrl }).chat(request()));
    expect(error.kind).toBe("rate_limit");
    expect(error.retryable).toBe(true);
    expect(error.details).toMatchObject({ status: 429, retryAfterMs: 7000 });
    expect(error.message).toContain("Rate limit reached");
  });

  it("prefers retry-after-ms", async () => {
    stub.handle = (_req, res) => json(res, 429, { error: { message: "slow down" } }, { "retry-after-ms": "1500", "retry-after": "9" });
    const error = await failure(new OpenAiCompatibleProvider({ baseUrl: stub.baseUrl }).chat(request()));
    expect(error.details.retryAfterMs).toBe(1500);
  });

  it("maps 500 to server, naming status, provider message and base URL", async () => {
    stub.handle = (_req, res) => json(res, 500, { error: { message: "model crashed" } });
    const error = await failure(new OpenAiCompatibleProvider({ baseUrl: stub.baseUrl }).chat(request()));
    expect(error.kind).toBe("server");
    expect(error.details.status).toBe(500);
    expect(error.message).toContain("HTTP 500");
    expect(error.message).toContain("model crashed");
    expect(error.message).toContain(stub.baseUrl);
  });

  it("maps a 400 saying tools are not supported to tools_unsupported", async () => {
    stub.handle = (_req, res) => json(res, 400, { error: "registry.ollama.ai/library/gemma:2b does not support tools" });
    const error = await failure(
      new OpenAiCompatibleProvider({ baseUrl: stub.baseUrl }).chat(request({ tools: [{ name: "t", description: "d", parameters: {} }] })),
    );
    expect(error.kind).toBe("tools_unsupported");
    expect(error.retryable).toBe(false);
  });

  it("maps 401 to client with the status but never the API key, even when the body echoes it", async () => {
    stub.handle = (_req, res) => json(res, 401, { error: { message: "Incorrect API key provided: sk-secret-123" } });
    const error = await failure(new OpenAiCompatibleProvider({ baseUrl: stub.baseUrl, apiKey: "sk-secret-123" }).chat(request()));
    expect(error.kind).toBe("client");
    expect(error.details.status).toBe(401);
    expect(error.message).toContain("401");
    expect(error.message).not.toContain("sk-secret-123");
  });

  it("truncates a long non-JSON error body", async () => {
    stub.handle = (_req, res) => {
      res.writeHead(502, { "content-type": "text/html" });
      res.end(`<html>${"x".repeat(2000)}</html>`);
    };
    const error = await failure(new OpenAiCompatibleProvider({ baseUrl: stub.baseUrl }).chat(request()));
    expect(error.kind).toBe("server");
    expect(error.message.length).toBeLessThan(500);
  });

  it("reports an error object sent inside the stream", async () => {
    stub.handle = (_req, res) => {
      const send = sseStart(res);
      send(contentChunk("par"));
      send({ error: { message: "upstream overloaded", code: 502 } });
      res.end();
    };
    const error = await failure(new OpenAiCompatibleProvider({ baseUrl: stub.baseUrl }).chat(request()));
    expect(error.kind).toBe("server");
    expect(error.message).toContain("upstream overloaded");
  });
});

describe("OpenAiCompatibleProvider connection failures", () => {
  it("treats a stream that ends without [DONE] or finish_reason as a dropped connection", async () => {
    stub.handle = (_req, res) => {
      const send = sseStart(res);
      send(contentChunk("a"));
      send(contentChunk("b"));
      res.end();
    };
    const error = await failure(new OpenAiCompatibleProvider({ baseUrl: stub.baseUrl }).chat(request()));
    expect(error.kind).toBe("network");
    expect(error.message).toContain("connection dropped mid-stream after 2 chunks");
  });

  it("treats a socket destroyed mid-stream as network", async () => {
    stub.handle = (_req, res) => {
      const send = sseStart(res);
      send(contentChunk("a"));
      setTimeout(() => res.socket?.destroy(), 20);
    };
    const tokens: string[] = [];
    const error = await failure(new OpenAiCompatibleProvider({ baseUrl: stub.baseUrl }).chat(request({ onToken: (t) => tokens.push(t) })));
    expect(error.kind).toBe("network");
    expect(error.retryable).toBe(true);
    expect(error.message).toContain("after 1 chunks");
    expect(tokens).toEqual(["a"]);
  });

  it("maps an abort mid-stream to aborted", async () => {
    stub.handle = (_req, res) => sseStart(res)(contentChunk("first"));
    const controller = new AbortController();
    const error = await failure(
      new OpenAiCompatibleProvider({ baseUrl: stub.baseUrl }).chat(
        request({ signal: controller.signal, onToken: () => controller.abort() }),
      ),
    );
    expect(error.kind).toBe("aborted");
  });

  it("maps an abort before the answer arrives to aborted, and a signal timeout to timeout", async () => {
    stub.handle = () => undefined;
    const controller = new AbortController();
    const pending = new OpenAiCompatibleProvider({ baseUrl: stub.baseUrl }).chat(request({ signal: controller.signal }));
    setTimeout(() => controller.abort(), 20);
    expect((await failure(pending)).kind).toBe("aborted");
    const timedOut = await failure(
      new OpenAiCompatibleProvider({ baseUrl: stub.baseUrl }).chat(request({ signal: AbortSignal.timeout(30) })),
    );
    expect(timedOut.kind).toBe("timeout");
  });

  it("stops reading when aborted even if an injected fetch ignores the signal", async () => {
    stub.handle = (_req, res) => sseStart(res)(contentChunk("first"));
    const controller = new AbortController();
    const deaf: typeof fetch = (input, init) => fetch(input, { ...init, signal: null });
    const provider = new OpenAiCompatibleProvider({ baseUrl: stub.baseUrl, fetch: deaf });
    const error = await failure(provider.chat(request({ signal: controller.signal, onToken: () => controller.abort() })));
    expect(error.kind).toBe("aborted");
  });

  it("maps a refused connection to network, naming the URL", async () => {
    const { baseUrl } = stub;
    await stub.close();
    const error = await failure(new OpenAiCompatibleProvider({ baseUrl }).chat(request()));
    expect(error.kind).toBe("network");
    expect(error.message).toContain(`could not reach ${baseUrl}/chat/completions`);
    stub = await startStub();
  });

  it("explains a browser 'Failed to fetch' as network error or CORS", async () => {
    const browserFetch: typeof fetch = async () => {
      throw new TypeError("Failed to fetch");
    };
    const error = await failure(new OpenAiCompatibleProvider({ baseUrl: "http://127.0.0.1:1234/v1", fetch: browserFetch }).chat(request()));
    expect(error.kind).toBe("network");
    expect(error.message).toContain(
      "could not reach http://127.0.0.1:1234/v1/chat/completions (network error or the server does not allow requests from this page (CORS))",
    );
  });

  it("applies the same error mapping to listModels", async () => {
    stub.handle = (_req, res) => json(res, 403, { error: { message: "forbidden" } });
    const error = await failure(new OpenAiCompatibleProvider({ baseUrl: stub.baseUrl }).listModels());
    expect(error).toMatchObject({ kind: "client", details: { status: 403 } });
  });
});
