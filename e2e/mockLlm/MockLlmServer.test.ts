import { networkInterfaces } from "node:os";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mockEmbedding } from "./embeddings";
import { MockLlmServer, UNMATCHED_CONTENT } from "./MockLlmServer";
import { ask, postChat } from "./testHelpers";

let server: MockLlmServer;
beforeEach(async () => {
  server = await MockLlmServer.start();
});
afterEach(async () => {
  await server.close();
});

describe("non-streaming chat completions", () => {
  it("answers with the scripted content in the chat.completion shape, with estimated usage", async () => {
    server.when({ match: "capital of France", reply: { content: "Paris." } });
    const response = await postChat(server, ask("What is the capital of France?"));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({
      object: "chat.completion",
      model: "mock-model",
      choices: [{ index: 0, message: { role: "assistant", content: "Paris." }, finish_reason: "stop" }],
      // 30 characters of prompt → 8 tokens; 6 characters of answer → 2 tokens.
      usage: { prompt_tokens: 8, completion_tokens: 2, total_tokens: 10 },
    });
    expect(body.id).toMatch(/^chatcmpl-mock-/);
  });

  it("returns tool calls with null content and finish_reason tool_calls", async () => {
    server.when({
      reply: {
        toolCalls: [
          { name: "search", arguments: { q: "Lisbon" } },
          { name: "read", arguments: "{}", id: "call_x" },
        ],
      },
    });
    const body = await (await postChat(server, ask("find it"))).json();
    expect(body.choices[0]).toMatchObject({
      finish_reason: "tool_calls",
      message: {
        content: null,
        tool_calls: [
          { id: "call_mock_1_0", type: "function", function: { name: "search", arguments: '{"q":"Lisbon"}' } },
          { id: "call_x", type: "function", function: { name: "read", arguments: "{}" } },
        ],
      },
    });
  });

  it("sends malformed tool arguments when asked", async () => {
    server.when({ reply: { toolCalls: [{ name: "search", arguments: { q: "x" } }], malformedToolArguments: true } });
    const body = await (await postChat(server, ask("go"))).json();
    const args: string = body.choices[0].message.tool_calls[0].function.arguments;
    expect(args).toBe('{"q":"x"');
    expect(() => JSON.parse(args)).toThrow();
  });

  it("lets a rule override usage or omit it", async () => {
    server.script([
      { match: "override", reply: { content: "a", usage: { prompt_tokens: 100, completion_tokens: 7 } } },
      { match: "none", reply: { content: "b", usage: null } },
    ]);
    expect((await (await postChat(server, ask("override"))).json()).usage).toEqual({
      prompt_tokens: 100,
      completion_tokens: 7,
      total_tokens: 107,
    });
    expect((await (await postChat(server, ask("none"))).json()).usage).toBeUndefined();
  });
});

describe("errors", () => {
  it("answers 429 with an OpenAI error body and retry-after", async () => {
    server.when({ reply: { error: { status: 429, retryAfterSeconds: 3 } } });
    const response = await postChat(server, ask("hi"));
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("3");
    expect(await response.json()).toMatchObject({
      error: { type: "rate_limit_error", code: "rate_limit_exceeded", message: expect.any(String) },
    });
  });

  it("answers 500, and a custom body verbatim", async () => {
    server.script([
      { times: 1, reply: { error: { status: 500 } } },
      { reply: { error: { status: 502, body: { detail: "bad gateway" } } } },
    ]);
    const first = await postChat(server, ask("hi"));
    expect(first.status).toBe(500);
    expect(first.headers.get("retry-after")).toBeNull();
    expect(await first.json()).toMatchObject({ error: { type: "server_error" } });
    const second = await postChat(server, ask("hi"));
    expect(second.status).toBe(502);
    expect(await second.json()).toEqual({ detail: "bad gateway" });
  });

  it("rejects tools with a 400 only when the request offers tools", async () => {
    server.when({ reply: { content: "plain text", rejectTools: true } });
    const tools = [{ type: "function", function: { name: "search", parameters: { type: "object" } } }];
    const rejected = await postChat(server, ask("hi", { tools }));
    expect(rejected.status).toBe(400);
    const body = await rejected.json();
    expect(body.error).toMatchObject({ type: "invalid_request_error", code: "tools_not_supported", param: "tools" });
    expect(body.error.message).toMatch(/does not support tools/);
    const accepted = await postChat(server, ask("hi"));
    expect((await accepted.json()).choices[0].message.content).toBe("plain text");
  });

  it("answers 400 to a body that is not JSON, and 404 to an unknown route", async () => {
    const bad = await fetch(`${server.url}/chat/completions`, { method: "POST", body: "{nope" });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.type).toBe("invalid_request_error");
    expect((await fetch(`${server.url}/completions`, { method: "POST", body: "{}" })).status).toBe(404);
  });

  it("serves deterministic embeddings: texts sharing words are near; a bad request is a 400; embeddingsError fails them", async () => {
    const embed = (body: unknown) => fetch(`${server.url}/embeddings`, { method: "POST", body: JSON.stringify(body) });
    const answer = await embed({ model: "e-1", input: ["calm park in Lisbon", "a calm park", "tax forms"] });
    expect(answer.status).toBe(200);
    const json = await answer.json();
    expect(json).toMatchObject({ object: "list", model: "e-1", usage: { prompt_tokens: expect.any(Number) } });
    const [park, calm, tax] = json.data.map((d: { embedding: number[] }) => d.embedding);
    const dot = (a: number[], b: number[]) => a.reduce((n, x, i) => n + x * (b[i] ?? 0), 0);
    expect(park).toHaveLength(64);
    expect(park).toEqual(mockEmbedding("calm park in Lisbon"));
    expect(dot(park, calm)).toBeGreaterThan(dot(park, tax));
    expect((await embed({ model: "e-1" })).status).toBe(400);
    server.embeddingsError = { status: 503, message: "warming up" };
    const failed = await embed({ model: "e-1", input: "x" });
    expect(failed.status).toBe(503);
    expect((await failed.json()).error.message).toBe("warming up");
    expect(server.embeddingRequests).toHaveLength(3);
  });

  it("turns a throwing reply function into a 500 instead of crashing", async () => {
    server.when({
      reply: () => {
        throw new Error("oops");
      },
    });
    const response = await postChat(server, ask("hi"));
    expect(response.status).toBe(500);
    expect((await response.json()).error.message).toContain("oops");
  });
});

describe("rules", () => {
  it("tries rules in order and honours times (fail twice, then succeed)", async () => {
    server.script([
      { match: "task", times: 2, reply: { error: { status: 503 } } },
      { match: "task", reply: { content: "done" } },
      { match: "task", reply: { content: "never reached" } },
    ]);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await postChat(server, ask("do the task"))).status);
    expect(statuses).toEqual([503, 503, 200]);
    expect(server.chatRequests.map((req) => req.ruleIndex)).toEqual([0, 0, 1]);
  });

  it("matches the last user message with strings and RegExps, all messages with matchAny, and whole requests with functions", async () => {
    const history = {
      messages: [
        { role: "system", content: "You are the Researcher." },
        { role: "user", content: "first question" },
        { role: "assistant", content: "ok" },
        { role: "user", content: [{ type: "text", text: "Second QUESTION" }] },
      ],
    };
    const answer = async () => (await (await postChat(server, history)).json()).choices[0].message.content;
    server.script([
      { match: "first", reply: { content: "string" } },
      { match: /second/i, reply: { content: "regexp" } },
    ]);
    expect(await answer()).toBe("regexp");
    server.script([
      { matchAny: "Researcher", match: "nothing like this", reply: { content: "both" } },
      { matchAny: /researcher/i, reply: { content: "any" } },
    ]);
    expect(await answer()).toBe("any");
    server.script([{ match: (req) => req.body.messages?.length === 4, reply: (req) => ({ content: `saw ${req.body.messages?.length}` }) }]);
    expect(await answer()).toBe("saw 4");
  });

  it("answers unmatched requests with a marked default and records them", async () => {
    server.when({ match: "something else", reply: { content: "no" } });
    const response = await postChat(server, ask("hello"));
    expect(response.headers.get("x-mock-unmatched")).toBe("1");
    expect((await response.json()).choices[0].message.content).toBe(UNMATCHED_CONTENT);
    expect(server.requests[0]?.unmatched).toBe(true);
  });

  it("reset clears the script and records; resetCounters keeps the script", async () => {
    server.when({ reply: { content: "scripted" } });
    await postChat(server, ask("a"));
    server.resetCounters();
    expect(server.requests).toEqual([]);
    expect((await (await postChat(server, ask("a"))).json()).choices[0].message.content).toBe("scripted");
    server.reset();
    expect(server.maxInFlight).toBe(0);
    expect((await (await postChat(server, ask("a"))).json()).choices[0].message.content).toBe(UNMATCHED_CONTENT);
  });
});

describe("recording, latency and concurrency", () => {
  it("records method, path, lower-case headers with the key, and the parsed body", async () => {
    const before = Date.now();
    await postChat(server, ask("hi", { temperature: 0.2, stream: false }), {
      headers: { "Content-Type": "application/json", Authorization: "Bearer sk-abc" },
    });
    const [req] = server.requests;
    expect(req).toMatchObject({ method: "POST", path: "/v1/chat/completions", headers: { authorization: "Bearer sk-abc" } });
    expect(req?.body).toEqual({ model: "mock-model", messages: [{ role: "user", content: "hi" }], temperature: 0.2, stream: false });
    expect(req?.receivedAt).toBeGreaterThanOrEqual(before);
  });

  it("counts peak concurrency including latency: 5 parallel requests at 100 ms", async () => {
    server.latencyMs = 100;
    server.when({ reply: { content: "slow" } });
    const started = Date.now();
    const responses = await Promise.all(Array.from({ length: 5 }, () => postChat(server, ask("go"))));
    await Promise.all(responses.map((response) => response.json()));
    expect(Date.now() - started).toBeGreaterThanOrEqual(95);
    expect(server.maxInFlight).toBe(5);
    expect(server.inFlight).toBe(0);
  });

  it("survives a client aborting during latency and counts it out of inFlight", async () => {
    server.when({ reply: { content: "late", latencyMs: 300 } });
    const controller = new AbortController();
    const pending = postChat(server, ask("go"), { signal: controller.signal });
    await expect.poll(() => server.inFlight).toBe(1);
    controller.abort();
    await expect(pending).rejects.toThrow();
    await expect.poll(() => server.inFlight).toBe(0);
    // Still serving after the abort.
    expect((await postChat(server, ask("again"))).status).toBe(200);
  });
});

describe("models, CORS and binding", () => {
  it("lists the models", async () => {
    const other = await MockLlmServer.start({ models: ["alpha", "beta"] });
    try {
      const body = await (await fetch(`${other.url}/models`)).json();
      expect(body).toEqual({
        object: "list",
        data: [expect.objectContaining({ id: "alpha", object: "model" }), expect.objectContaining({ id: "beta" })],
      });
    } finally {
      await other.close();
    }
  });

  it("answers a CORS preflight with 204 and sends allow-origin on answers", async () => {
    const preflight = await fetch(`${server.url}/chat/completions`, {
      method: "OPTIONS",
      headers: {
        origin: "http://127.0.0.1:4317",
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization,content-type",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    expect(preflight.headers.get("access-control-allow-headers")).toMatch(/authorization.*content-type/);
    expect(preflight.headers.get("access-control-allow-methods")).toContain("POST");
    expect(server.requests).toEqual([]);
    const answer = await postChat(server, ask("hi"));
    expect(answer.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("refuses CORS when asked: no Access-Control-* header on preflights or answers, until switched back on", async () => {
    const bare = await MockLlmServer.start({ cors: false });
    const corsHeaders = (response: Response) => [...response.headers.keys()].filter((name) => name.startsWith("access-control-"));
    try {
      const preflight = await fetch(`${bare.url}/chat/completions`, {
        method: "OPTIONS",
        headers: { origin: "http://127.0.0.1:4317", "access-control-request-method": "POST" },
      });
      expect(preflight.status).toBe(204);
      expect(corsHeaders(preflight)).toEqual([]);
      const answer = await postChat(bare, ask("hi"), { headers: { origin: "http://127.0.0.1:4317" } });
      expect(answer.status).toBe(200);
      expect(corsHeaders(answer)).toEqual([]);
      expect(corsHeaders(await fetch(`${bare.url}/models`))).toEqual([]);
      bare.cors = true;
      expect((await postChat(bare, ask("hi"))).headers.get("access-control-allow-origin")).toBe("*");
    } finally {
      await bare.close();
    }
  });

  it("binds to 127.0.0.1 only", async () => {
    expect(server.host).toBe("127.0.0.1");
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/v1`);
    const external = Object.values(networkInterfaces())
      .flat()
      .find((address) => address && address.family === "IPv4" && !address.internal);
    // Where the machine has another IPv4 address, the port must be closed there.
    if (external) await expect(fetch(`http://${external.address}:${server.port}/v1/models`)).rejects.toThrow();
  });
});
