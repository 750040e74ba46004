import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { gate, MockLlmServer } from "./MockLlmServer";
import { splitContent } from "./sse";
import { ask, postChat, readSse, reassemble } from "./testHelpers";

let server: MockLlmServer;
beforeEach(async () => {
  server = await MockLlmServer.start();
});
afterEach(async () => {
  await server.close();
});

const streaming = (text: string, includeUsage = true) => ask(text, { stream: true, stream_options: { include_usage: includeUsage } });

describe("streamed chat completions (SSE)", () => {
  it("streams role first, content in several chunks, finish_reason stop, a usage chunk, then [DONE]", async () => {
    const text = "The quick brown fox jumps over the lazy dog. 🦊\n";
    server.when({ reply: { content: text } });
    const response = await postChat(server, streaming("tell me"));
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const { chunks, done, raw } = await readSse(response);
    expect(done).toBe(true);
    expect(raw.endsWith("data: [DONE]\n\n")).toBe(true);
    expect(chunks.every((chunk) => chunk.object === "chat.completion.chunk")).toBe(true);
    expect(chunks[0]?.choices[0]?.delta).toMatchObject({ role: "assistant", content: "" });
    const contentChunks = chunks.filter((chunk) => chunk.choices[0]?.delta.content);
    expect(contentChunks.length).toBeGreaterThan(5);
    const usageChunk = chunks.at(-1);
    expect(usageChunk?.choices).toEqual([]);
    // Prompt "tell me" is 7 characters → 2 tokens; the answer's 48 UTF-16 units → 12.
    expect(usageChunk?.usage).toEqual({ prompt_tokens: 2, completion_tokens: 12, total_tokens: 14 });
    // With include_usage every other chunk carries "usage": null, as OpenAI's do.
    expect(chunks.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true);
    expect(reassemble(chunks)).toMatchObject({ content: text, finishReason: "stop" });
  });

  it("leaves out the usage chunk without include_usage, or when the rule omits usage", async () => {
    server.script([
      { match: "a", reply: { content: "hello there" } },
      { match: "b", reply: { content: "hi", usage: null } },
    ]);
    const plain = await readSse(await postChat(server, ask("a", { stream: true })));
    expect(plain.done).toBe(true);
    expect(plain.chunks.every((chunk) => chunk.choices.length === 1 && !("usage" in chunk))).toBe(true);
    const omitted = await readSse(await postChat(server, streaming("b")));
    expect(omitted.done).toBe(true);
    expect(omitted.chunks.every((chunk) => chunk.choices.length === 1 && chunk.usage === null)).toBe(true);
  });

  it("streams tool calls: id and name first, arguments in pieces, with index", async () => {
    const args = { query: "weather in Lisbon tomorrow", units: "metric" };
    server.when({
      reply: {
        toolCalls: [
          { name: "search", arguments: args },
          { name: "read_file", arguments: { path: "notes.md" } },
        ],
      },
    });
    const { chunks, done } = await readSse(await postChat(server, streaming("plan")));
    expect(done).toBe(true);
    expect(chunks[0]?.choices[0]?.delta).toMatchObject({ role: "assistant", content: null });
    const toolDeltas = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    expect(toolDeltas[0]).toEqual({ index: 0, id: "call_mock_1_0", type: "function", function: { name: "search", arguments: "" } });
    const firstCallPieces = toolDeltas.filter((delta) => delta.index === 0 && delta.id === undefined);
    expect(firstCallPieces.length).toBeGreaterThan(2);
    expect(firstCallPieces.every((delta) => delta.function?.name === undefined)).toBe(true);
    const result = reassemble(chunks);
    expect(result.finishReason).toBe("tool_calls");
    expect(result.toolCalls.map((call) => ({ ...call, arguments: JSON.parse(call.arguments) }))).toEqual([
      { id: "call_mock_1_0", name: "search", arguments: args },
      { id: "call_mock_1_1", name: "read_file", arguments: { path: "notes.md" } },
    ]);
  });

  it("streams content and tool calls together", async () => {
    server.when({ reply: { content: "Let me look.", toolCalls: [{ name: "search", arguments: { q: "x" } }] } });
    const result = reassemble((await readSse(await postChat(server, streaming("go")))).chunks);
    expect(result).toMatchObject({
      content: "Let me look.",
      finishReason: "tool_calls",
      toolCalls: [{ name: "search", arguments: '{"q":"x"}' }],
    });
  });

  it("streams malformed tool arguments when asked", async () => {
    server.when({ reply: { toolCalls: [{ name: "search", arguments: { q: "Lisbon" } }], malformedToolArguments: true } });
    const [call] = reassemble((await readSse(await postChat(server, streaming("go")))).chunks).toolCalls;
    expect(call?.arguments).toBe('{"q":"Lisbon"');
    expect(() => JSON.parse(call?.arguments ?? "")).toThrow();
  });

  it("drops the connection after N chunks: the body read rejects", async () => {
    server.when({ reply: { content: "one two three four five six seven", dropAfterChunks: 3 } });
    const response = await postChat(server, streaming("go"));
    expect(response.status).toBe(200);
    const reader = response.body?.getReader();
    if (!reader) throw new Error("no body");
    const decoder = new TextDecoder();
    let received = "";
    const readAll = async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        received += decoder.decode(value, { stream: true });
      }
    };
    await expect(readAll()).rejects.toThrow();
    expect(received.match(/^data: /gm)?.length).toBe(3);
    expect(received).not.toContain("[DONE]");
    await expect.poll(() => server.inFlight).toBe(0);
  });

  it("drops before answering with dropAfterChunks 0 or on a non-streaming request: fetch rejects", async () => {
    server.when({ reply: { content: "x", dropAfterChunks: 0 } });
    await expect(postChat(server, streaming("go"))).rejects.toThrow();
    await expect(postChat(server, ask("go"))).rejects.toThrow();
  });

  it("holds a stream after N chunks, and a plain answer whole, until the gate opens", async () => {
    const streamGate = gate();
    const plainGate = gate();
    server.script([
      { match: "stream", reply: { content: "one two three four", hold: { afterChunks: 2, until: streamGate.promise } } },
      { match: "plain", reply: { content: "whole", hold: { afterChunks: 0, until: plainGate.promise } } },
    ]);
    const reader = (await postChat(server, streaming("stream"))).body?.getReader();
    if (!reader) throw new Error("no body");
    const decoder = new TextDecoder();
    let received = "";
    while ((received.match(/^data: /gm)?.length ?? 0) < 2) received += decoder.decode((await reader.read()).value, { stream: true });
    const plain = postChat(server, ask("plain"));
    // Both stay open while held: the stream sent exactly two events, the plain answer nothing yet.
    await expect.poll(() => server.inFlight).toBe(2);
    expect(received.match(/^data: /gm)?.length).toBe(2);
    streamGate.open();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += decoder.decode(value, { stream: true });
    }
    expect(received).toContain("[DONE]");
    await expect.poll(() => server.inFlight).toBe(1);
    plainGate.open();
    expect((await (await plain).json()).choices[0].message.content).toBe("whole");
  });

  it("returns errors as JSON even when the request asked for a stream", async () => {
    server.when({ reply: { error: { status: 429, retryAfterSeconds: 1 } } });
    const response = await postChat(server, streaming("go"));
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("1");
    expect((await response.json()).error.code).toBe("rate_limit_exceeded");
  });

  it("spaces chunks by chunkDelayMs", async () => {
    server.when({ reply: { content: "a b c d", chunkDelayMs: 20 } });
    const started = Date.now();
    const { chunks } = await readSse(await postChat(server, streaming("go")));
    expect(Date.now() - started).toBeGreaterThanOrEqual(20 * (chunks.length - 1) - 5);
  });
});

describe("splitContent", () => {
  it("splits into token-like pieces that join back exactly", () => {
    for (const text of ["", "word", "  leading and trailing  ", "line\nbreaks\n\nand supercalifragilistic 🦊🦊🦊🦊🦊🦊"]) {
      expect(splitContent(text).join("")).toBe(text);
    }
    expect(splitContent("Hello wonderful world")).toEqual(["Hello", " wonde", "rful", " world"]);
  });
});
