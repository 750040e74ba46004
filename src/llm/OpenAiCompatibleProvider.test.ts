import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ChatRequest } from "../engine/ports";
import { OpenAiCompatibleProvider } from "./OpenAiCompatibleProvider";
import { contentChunk, json, type StubServer, sse, startStub } from "./testing/stubServer";

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

const completion = (message: Record<string, unknown>, usage?: Record<string, number>) => ({
  id: "x",
  object: "chat.completion",
  choices: [{ index: 0, message: { role: "assistant", ...message }, finish_reason: message.tool_calls ? "tool_calls" : "stop" }],
  ...(usage ? { usage } : {}),
});

describe("OpenAiCompatibleProvider request", () => {
  it("posts the chat-completions body: mapped messages, tools, response_format, sampling, stop, stream_options", async () => {
    stub.handle = (_req, res) => sse(res, [contentChunk("ok", "stop")]);
    const provider = new OpenAiCompatibleProvider({ baseUrl: `${stub.baseUrl}/` });
    await provider.chat(
      request({
        messages: [
          { role: "system", content: "be brief" },
          { role: "user", content: "weather?" },
          { role: "assistant", content: "", toolCalls: [{ id: "call_1", name: "weather", arguments: '{"city":"Oslo"}' }] },
          { role: "tool", content: "sunny", toolCallId: "call_1" },
        ],
        temperature: 0.2,
        maxTokens: 100,
        topP: 0.9,
        stop: ["Observation:"],
        tools: [
          { name: "weather", description: "Weather by city", parameters: { type: "object", properties: { city: { type: "string" } } } },
        ],
        responseFormat: { type: "json_schema", name: "answer", schema: { type: "object" } },
      }),
    );
    const [sent] = stub.requests;
    expect(sent?.method).toBe("POST");
    expect(sent?.path).toBe("/v1/chat/completions");
    expect(sent?.headers["content-type"]).toBe("application/json");
    expect(sent?.body).toEqual({
      model: "m1",
      messages: [
        { role: "system", content: "be brief" },
        { role: "user", content: "weather?" },
        {
          role: "assistant",
          content: null,
          tool_calls: [{ id: "call_1", type: "function", function: { name: "weather", arguments: '{"city":"Oslo"}' } }],
        },
        { role: "tool", content: "sunny", tool_call_id: "call_1" },
      ],
      temperature: 0.2,
      max_tokens: 100,
      top_p: 0.9,
      stop: ["Observation:"],
      tools: [
        {
          type: "function",
          function: {
            name: "weather",
            description: "Weather by city",
            parameters: { type: "object", properties: { city: { type: "string" } } },
          },
        },
      ],
      response_format: { type: "json_schema", json_schema: { name: "answer", schema: { type: "object" }, strict: false } },
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it("leaves unset options out and sends no stream fields when not streaming", async () => {
    stub.handle = (_req, res) => json(res, 200, completion({ content: "ok" }));
    await new OpenAiCompatibleProvider({ baseUrl: stub.baseUrl, stream: false }).chat(request({ tools: [], stop: [] }));
    expect(stub.requests[0]?.body).toEqual({ model: "m1", messages: [{ role: "user", content: "hi" }] });
  });

  it("sends Authorization only when an API key is set, plus extra headers", async () => {
    stub.handle = (_req, res) => sse(res, [contentChunk("ok", "stop")]);
    await new OpenAiCompatibleProvider({ baseUrl: stub.baseUrl }).chat(request());
    await new OpenAiCompatibleProvider({ baseUrl: stub.baseUrl, apiKey: "sk-test", headers: { "X-Title": "crewdeck" } }).chat(request());
    expect(stub.requests[0]?.headers.authorization).toBeUndefined();
    expect(stub.requests[1]?.headers.authorization).toBe("Bearer sk-test");
    expect(stub.requests[1]?.headers["x-title"]).toBe("crewdeck");
  });

  it("uses an injected fetch and a default label naming the base URL", async () => {
    const seen: string[] = [];
    const provider = new OpenAiCompatibleProvider({
      baseUrl: stub.baseUrl,
      stream: false,
      fetch: (input, init) => {
        seen.push(String(input));
        return fetch(input, init);
      },
    });
    stub.handle = (_req, res) => json(res, 200, completion({ content: "ok" }));
    await provider.chat(request());
    expect(seen).toEqual([`${stub.baseUrl}/chat/completions`]);
    expect(provider.label).toBe(`openai-compatible ${stub.baseUrl}`);
  });
});

describe("OpenAiCompatibleProvider streaming", () => {
  it("streams content to onToken in order and reads the usage chunk", async () => {
    stub.handle = (_req, res) =>
      sse(res, [
        { choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }] },
        contentChunk("Hel"),
        contentChunk("lo, "),
        contentChunk("world", "stop"),
        { choices: [], usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 } },
      ]);
    const tokens: string[] = [];
    const response = await new OpenAiCompatibleProvider({ baseUrl: stub.baseUrl }).chat(request({ onToken: (t) => tokens.push(t) }));
    expect(tokens).toEqual(["Hel", "lo, ", "world"]);
    expect(response).toEqual({
      content: "Hello, world",
      toolCalls: [],
      usage: { promptTokens: 12, completionTokens: 3 },
      finishReason: "stop",
    });
  });

  it("leaves usage undefined when the endpoint does not report it", async () => {
    stub.handle = (_req, res) => sse(res, [contentChunk("a"), contentChunk("b", "stop")]);
    const response = await new OpenAiCompatibleProvider({ baseUrl: stub.baseUrl }).chat(request());
    expect(response.content).toBe("ab");
    expect(response.usage).toBeUndefined();
  });

  it("assembles tool calls streamed in pieces by index", async () => {
    const tc = (index: number, piece: Record<string, unknown>) => ({
      choices: [{ index: 0, delta: { tool_calls: [{ index, ...piece }] } }],
    });
    stub.handle = (_req, res) =>
      sse(res, [
        tc(0, { id: "call_a", type: "function", function: { name: "search", arguments: "" } }),
        tc(0, { function: { arguments: '{"q":' } }),
        tc(1, { id: "call_b", type: "function", function: { name: "read_file", arguments: '{"path"' } }),
        tc(0, { function: { arguments: '"cats"}' } }),
        tc(1, { function: { arguments: ':"a.txt"}' } }),
        { choices: [{ index: 0, delta: {}, finish_reason: "tool_calls" }] },
      ]);
    const response = await new OpenAiCompatibleProvider({ baseUrl: stub.baseUrl }).chat(request());
    expect(response.toolCalls).toEqual([
      { id: "call_a", name: "search", arguments: '{"q":"cats"}' },
      { id: "call_b", name: "read_file", arguments: '{"path":"a.txt"}' },
    ]);
    expect(response.finishReason).toBe("tool_calls");
    expect(response.content).toBe("");
  });

  it("parses events split across network writes and CRLF line endings", async () => {
    stub.handle = (_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      const text = `data: ${JSON.stringify(contentChunk("split "))}\r\n\r\n: keep-alive\r\n\r\ndata: ${JSON.stringify(contentChunk("ok", "stop"))}\r\n\r\ndata: [DONE]\r\n\r\n`;
      const cut = Math.floor(text.length / 3);
      res.write(text.slice(0, cut));
      setTimeout(() => {
        res.write(text.slice(cut));
        res.end();
      }, 20);
    };
    const response = await new OpenAiCompatibleProvider({ baseUrl: stub.baseUrl }).chat(request());
    expect(response.content).toBe("split ok");
  });

  it("accepts a stream that ends after a finish_reason without [DONE]", async () => {
    stub.handle = (_req, res) => sse(res, [contentChunk("fine", "stop")], { done: false });
    const response = await new OpenAiCompatibleProvider({ baseUrl: stub.baseUrl }).chat(request());
    expect(response.content).toBe("fine");
  });

  it("reads a JSON answer when the server ignores stream: true", async () => {
    stub.handle = (_req, res) => json(res, 200, completion({ content: "whole" }));
    const tokens: string[] = [];
    const response = await new OpenAiCompatibleProvider({ baseUrl: stub.baseUrl }).chat(request({ onToken: (t) => tokens.push(t) }));
    expect(response.content).toBe("whole");
    expect(tokens).toEqual(["whole"]);
  });
});

describe("OpenAiCompatibleProvider without streaming", () => {
  it("reads message content, tool calls, usage and finish reason", async () => {
    stub.handle = (_req, res) =>
      json(
        res,
        200,
        completion(
          { content: null, tool_calls: [{ id: "call_9", type: "function", function: { name: "calc", arguments: '{"x":1}' } }] },
          { prompt_tokens: 20, completion_tokens: 5 },
        ),
      );
    const tokens: string[] = [];
    const response = await new OpenAiCompatibleProvider({ baseUrl: stub.baseUrl, stream: false }).chat(
      request({ onToken: (t) => tokens.push(t) }),
    );
    expect(response).toEqual({
      content: "",
      toolCalls: [{ id: "call_9", name: "calc", arguments: '{"x":1}' }],
      usage: { promptTokens: 20, completionTokens: 5 },
      finishReason: "tool_calls",
    });
    expect(tokens).toEqual([]);
  });

  it("returns text content with usage undefined when absent", async () => {
    stub.handle = (_req, res) => json(res, 200, completion({ content: "plain" }));
    const response = await new OpenAiCompatibleProvider({ baseUrl: stub.baseUrl, stream: false }).chat(request());
    expect(response).toEqual({ content: "plain", toolCalls: [], finishReason: "stop" });
  });
});

describe("OpenAiCompatibleProvider.listModels", () => {
  it("lists model ids from GET /models, with the key when set", async () => {
    stub.handle = (_req, res) => json(res, 200, { object: "list", data: [{ id: "llama3.2" }, { id: "qwen2.5" }] });
    const models = await new OpenAiCompatibleProvider({ baseUrl: stub.baseUrl, apiKey: "k" }).listModels();
    expect(models).toEqual(["llama3.2", "qwen2.5"]);
    expect(stub.requests[0]).toMatchObject({ method: "GET", path: "/v1/models" });
    expect(stub.requests[0]?.headers.authorization).toBe("Bearer k");
  });

  it("fails with a client error when the answer is an HTML page (wrong base URL)", async () => {
    stub.handle = (_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<!doctype html><html></html>");
    };
    await expect(new OpenAiCompatibleProvider({ baseUrl: stub.baseUrl }).listModels()).rejects.toMatchObject({
      kind: "client",
      message: expect.stringContaining("is the base URL right?"),
    });
  });
});

describe("OpenAiCompatibleProvider redirects (Node's fetch)", () => {
  it("follows an endpoint that redirects, body and all, on the first call and every call after", async () => {
    stub.handle = (req, res) => {
      if (req.path.startsWith("/v1/")) {
        // 307 keeps the method and body, as an http-to-https or moved-API redirect does.
        res.writeHead(307, { location: `/moved${req.path}` });
        res.end();
        return;
      }
      sse(res, [contentChunk("moved fine", "stop")]);
    };
    const provider = new OpenAiCompatibleProvider({ baseUrl: stub.baseUrl });
    for (const prompt of ["first", "second"]) {
      const response = await provider.chat(request({ messages: [{ role: "user", content: prompt }] }));
      expect(response.content).toBe("moved fine");
    }
    const paths = stub.requests.map((r) => r.path);
    // The first call is refused by fetch at the redirect and sent again following it; later calls follow at once.
    expect(paths).toEqual([
      "/v1/chat/completions",
      "/v1/chat/completions",
      "/moved/v1/chat/completions",
      "/v1/chat/completions",
      "/moved/v1/chat/completions",
    ]);
    const moved = stub.requests.filter((r) => r.path.startsWith("/moved"));
    expect(moved.map((r) => (r.body as { messages: { content: string }[] }).messages[0]?.content)).toEqual(["first", "second"]);
  });

  it("a connection refused is reported once, not retried as if it were a redirect", async () => {
    const closed = await startStub();
    const baseUrl = closed.baseUrl;
    await closed.close();
    await expect(new OpenAiCompatibleProvider({ baseUrl }).chat(request())).rejects.toMatchObject({
      kind: "network",
      message: expect.stringContaining("could not reach"),
    });
  });
});
