import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { embeddingsAnswer } from "./embeddings";
import { flattenHeaders, parseBody, readBody, sendJson, setCors, sleep, write } from "./http";
import { completionBody, DEFAULT_MODEL, errorBody, usageFor, wireToolCalls } from "./openai";
import { type ActiveRule, pickRule } from "./rules";
import { sseData, streamEvents } from "./sse";
import type { RecordedRequest, Reply, Rule, StartOptions } from "./types";

export type { ChatBody, MockError, MockToolCall, MockUsage, RecordedRequest, Reply, Rule, StartOptions, WireMessage } from "./types";

/** Loopback only: the mock must never be reachable from another machine. */
const HOST = "127.0.0.1";

/** A promise a test settles when it likes (`open()`), for a reply's `hold`. */
export function gate(): { promise: Promise<void>; open(): void } {
  let open: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => {
    open = () => resolve();
  });
  return { promise, open };
}

/** The content of the default reply when no rule matches. */
export const UNMATCHED_CONTENT = "MOCK: no rule matched";

/** A local OpenAI-compatible chat-completions server with scripted replies, for unit, CLI and browser tests. */
export class MockLlmServer {
  /** Every request except CORS preflights, in arrival order. */
  readonly requests: RecordedRequest[] = [];
  /** Chat completions being served right now (latency included). */
  inFlight = 0;
  /** The most chat completions served at once since start or the last reset. */
  maxInFlight = 0;
  /** Delay before the first byte of every chat completion, unless a reply sets its own. */
  latencyMs: number;
  /** The names `GET /v1/models` lists. */
  readonly models: string[];
  /** Whether answers carry CORS headers; false makes a browser refuse every answer (set it any time). */
  cors: boolean;
  /** When set, `POST /v1/embeddings` answers with this error (set it any time; `reset()` clears it). */
  embeddingsError: { status: number; message?: string } | null = null;
  private rules: ActiveRule[] = [];
  private requestNumber = 0;
  private readonly server: Server;

  private constructor(options: StartOptions) {
    this.latencyMs = options.latencyMs ?? 0;
    this.models = options.models ?? [DEFAULT_MODEL];
    this.cors = options.cors ?? true;
    this.server = createServer((req, res) => this.handle(req, res));
  }

  /** Starts a server on 127.0.0.1 (a free port unless `port` is given). */
  static async start(options: StartOptions = {}): Promise<MockLlmServer> {
    const mock = new MockLlmServer(options);
    await new Promise<void>((resolve, reject) => {
      mock.server.once("error", reject);
      mock.server.listen(options.port ?? 0, HOST, () => {
        mock.server.off("error", reject);
        resolve();
      });
    });
    return mock;
  }

  /** The address the server is bound to (always 127.0.0.1). */
  get host(): string {
    return (this.server.address() as AddressInfo).address;
  }

  /** The port the server listens on. */
  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** "http://127.0.0.1:PORT", for the server's own routes. */
  get origin(): string {
    return `http://${HOST}:${this.port}`;
  }

  /** The OpenAI base URL to give a client: "http://127.0.0.1:PORT/v1". */
  get url(): string {
    return `${this.origin}/v1`;
  }

  /** The recorded `POST /v1/chat/completions` requests only. */
  get chatRequests(): RecordedRequest[] {
    return this.requests.filter((req) => req.method === "POST" && req.path === "/v1/chat/completions");
  }

  /** The recorded `POST /v1/embeddings` requests only. */
  get embeddingRequests(): RecordedRequest[] {
    return this.requests.filter((req) => req.method === "POST" && req.path === "/v1/embeddings");
  }

  /** Replaces the script with these rules (tried in order for each request). */
  script(rules: Rule[]): this {
    this.rules = rules.map((rule) => ({ rule, used: 0 }));
    return this;
  }

  /** Appends one rule to the script. */
  when(rule: Rule): this {
    this.rules.push({ rule, used: 0 });
    return this;
  }

  /** Clears the script, the recorded requests and the peak; requests still being served keep counting in `inFlight`. */
  reset(): void {
    this.rules = [];
    this.embeddingsError = null;
    this.resetCounters();
  }

  /** Clears the recorded requests, the peak and the id sequence but keeps the script (and how often each rule has answered). */
  resetCounters(): void {
    this.requests.length = 0;
    // Restarting the sequence gives each test the same completion and tool-call ids on a shared server.
    this.requestNumber = 0;
    this.maxInFlight = this.inFlight;
  }

  /** Stops listening and cuts every open connection, so pending tests cannot hang on a stream. */
  async close(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.close((error) => {
        // Closing twice is harmless in tests (an afterEach after a test closed the server itself).
        if (error && (error as NodeJS.ErrnoException).code !== "ERR_SERVER_NOT_RUNNING") reject(error);
        else resolve();
      });
      this.server.closeAllConnections();
    });
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    this.serve(req, res).catch((error: unknown) => {
      // A bug in a test's reply function or a client that vanished mid-request must not crash the test run.
      if (res.headersSent || res.writableEnded) res.destroy();
      else sendJson(res, 500, errorBody(500, `MOCK: ${error instanceof Error ? error.message : String(error)}`));
    });
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Writing to a connection the client already closed may emit "error"; unhandled, that would crash the test process.
    res.on("error", () => undefined);
    if (this.cors) setCors(req, res);
    const method = req.method ?? "GET";
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    // Without CORS the preflight is still answered, as a server that knows nothing of CORS would: the browser refuses it.
    if (method === "OPTIONS") {
      res.writeHead(204).end();
      return;
    }
    const rawBody = await readBody(req);
    const body = parseBody(rawBody);
    const recorded: RecordedRequest = { method, path, headers: flattenHeaders(req), body: body ?? {}, rawBody, receivedAt: Date.now() };
    this.requests.push(recorded);
    if (method === "GET" && path === "/v1/models") {
      const data = this.models.map((id) => ({ id, object: "model", created: 0, owned_by: "mock" }));
      sendJson(res, 200, { object: "list", data });
    } else if (method === "POST" && path === "/v1/chat/completions") {
      if (body === undefined) sendJson(res, 400, errorBody(400, "We could not parse the JSON body of your request (mock)."));
      else await this.chat(recorded, res);
    } else if (method === "POST" && path === "/v1/embeddings") {
      const failure = this.embeddingsError;
      const answer = failure
        ? { status: failure.status, body: errorBody(failure.status, failure.message ?? `MOCK: embeddings failed (${failure.status})`) }
        : embeddingsAnswer(body as Record<string, unknown> | undefined);
      sendJson(res, answer.status, answer.body);
    } else {
      sendJson(res, 404, errorBody(404, `MOCK: no route ${method} ${path}`, { code: "unknown_url" }));
    }
  }

  private async chat(recorded: RecordedRequest, res: ServerResponse): Promise<void> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    // "close" fires once: after the answer is sent or when the client goes away, so inFlight always comes back down.
    const connection = { closed: false };
    const closed = new Promise<void>((resolve) =>
      res.once("close", () => {
        connection.closed = true;
        this.inFlight--;
        resolve();
      }),
    );
    const number = ++this.requestNumber;
    const reply = this.replyFor(recorded, res);
    const body = recorded.body;

    await sleep(reply.latencyMs ?? this.latencyMs, closed);
    if (connection.closed) return;
    const stream = body.stream === true;
    const drop = reply.dropAfterChunks;
    if (drop !== undefined && (!stream || drop <= 0)) {
      res.destroy();
      return;
    }
    if (reply.error) {
      const { status, retryAfterSeconds } = reply.error;
      if (retryAfterSeconds !== undefined) res.setHeader("retry-after", String(retryAfterSeconds));
      sendJson(res, status, reply.error.body === undefined ? errorBody(status) : reply.error.body);
      return;
    }
    const model = body.model ?? DEFAULT_MODEL;
    if (reply.rejectTools && Array.isArray(body.tools) && body.tools.length > 0) {
      // Worded like Ollama's answer, which is what a client meets most often in the wild.
      sendJson(res, 400, errorBody(400, `registry.mock/${model} does not support tools`, { code: "tools_not_supported", param: "tools" }));
      return;
    }

    const content = reply.content ?? "";
    const toolCalls = wireToolCalls(reply, number);
    const usage = usageFor(reply, body, content, toolCalls);
    const meta = { id: `chatcmpl-mock-${number}`, created: Math.floor(Date.now() / 1000), model };
    if (!stream) {
      if (reply.hold) await Promise.race([reply.hold.until, closed]);
      if (connection.closed) return;
      sendJson(res, 200, completionBody(meta, content, toolCalls, usage));
      return;
    }
    res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", connection: "keep-alive" });
    const events = streamEvents(meta, content, toolCalls, usage, body.stream_options?.include_usage === true);
    // A steady rate is kept against the clock, so sub-millisecond gaps come out as small bursts instead of 1 ms sleeps.
    const pace = reply.tokensPerSecond ? { start: Date.now(), every: 1000 / reply.tokensPerSecond } : null;
    for (const [index, event] of events.entries()) {
      if (drop !== undefined && index >= drop) break;
      if (reply.hold && index === reply.hold.afterChunks) await Promise.race([reply.hold.until, closed]);
      if (index > 0 && pace) {
        const due = pace.start + index * pace.every - Date.now();
        if (due >= 1) await sleep(due, closed);
      } else if (index > 0) await sleep(reply.chunkDelayMs ?? 0, closed);
      if (connection.closed) return;
      await write(res, sseData(event), closed);
    }
    if (drop !== undefined) res.destroy();
    else res.end("data: [DONE]\n\n");
  }

  /** The scripted reply, or the marked default when no rule matches; a throwing reply function becomes a 500. */
  private replyFor(recorded: RecordedRequest, res: ServerResponse): Reply {
    try {
      const picked = pickRule(this.rules, recorded);
      if (picked) {
        recorded.ruleIndex = picked.index;
        return picked.reply;
      }
    } catch (error) {
      const message = `MOCK: a rule threw: ${error instanceof Error ? error.message : String(error)}`;
      return { error: { status: 500, body: errorBody(500, message) } };
    }
    recorded.unmatched = true;
    res.setHeader("x-mock-unmatched", "1");
    return { content: UNMATCHED_CONTENT };
  }
}
