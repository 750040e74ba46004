import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

// Test-only (Node): a tiny chat-completions stand-in on 127.0.0.1 for the provider's own tests.

/** A request the stub received. */
export interface StubRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown> | undefined;
}

/** Answers one request. */
export type StubHandler = (request: StubRequest, response: ServerResponse) => void;

/** A running stub: set `handle`, read `requests`, `close` after the test. */
export interface StubServer {
  baseUrl: string;
  requests: StubRequest[];
  handle: StubHandler;
  /** TCP connections accepted so far (keep-alive reuses them). */
  connections: number;
  close(): Promise<void>;
}

/** Starts the stub on a free loopback port. */
export async function startStub(): Promise<StubServer> {
  const stub: StubServer = {
    baseUrl: "",
    requests: [],
    handle: (_request, response) => json(response, 404, { error: { message: "no handler" } }),
    connections: 0,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = createServer((req, res) => {
    let text = "";
    req.setEncoding("utf8");
    req.on("data", (piece: string) => {
      text += piece;
    });
    req.on("end", () => {
      const request = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, body: text ? JSON.parse(text) : undefined };
      stub.requests.push(request);
      stub.handle(request, res);
    });
  });
  server.on("connection", () => {
    stub.connections++;
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  stub.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return stub;
}

/** Sends a JSON answer. */
export function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { "content-type": "application/json", ...headers });
  response.end(JSON.stringify(body));
}

/** Starts an SSE answer and returns a writer of `data:` events (objects are JSON-encoded). */
export function sseStart(response: ServerResponse): (data: unknown) => void {
  response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  response.flushHeaders();
  return (data) => {
    response.write(`data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`);
  };
}

/** Sends a whole SSE answer: the events, then `[DONE]` unless told otherwise. */
export function sse(response: ServerResponse, events: unknown[], options: { done?: boolean } = {}): void {
  const send = sseStart(response);
  for (const event of events) send(event);
  if (options.done ?? true) send("[DONE]");
  response.end();
}

/** A streamed chunk carrying a content delta (and optionally a finish reason). */
export function contentChunk(content: string, finishReason: string | null = null): Record<string, unknown> {
  return { id: "c1", object: "chat.completion.chunk", choices: [{ index: 0, delta: { content }, finish_reason: finishReason }] };
}
