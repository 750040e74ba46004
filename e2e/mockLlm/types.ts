/** Token counts as the OpenAI wire format spells them (total_tokens is added on the way out). */
export interface MockUsage {
  prompt_tokens: number;
  completion_tokens: number;
}

/** A tool call the mock model makes; object arguments are sent as JSON, string arguments verbatim. */
export interface MockToolCall {
  name: string;
  arguments: string | object;
  /** Defaults to a deterministic "call_mock_<request>_<index>". */
  id?: string;
}

/** An injected HTTP error; without `body` the mock sends an OpenAI-style `{ error: { message, type, code } }`, a string `body` goes out verbatim as text. */
export interface MockError {
  status: number;
  body?: unknown;
  /** Sent as the `retry-after` header (meant for 429, honoured for any status). */
  retryAfterSeconds?: number;
}

/** What the mock model answers to one request. */
export interface Reply {
  content?: string;
  toolCalls?: MockToolCall[];
  /** Overrides the estimated usage; `null` omits usage entirely (to exercise the client's own estimate). */
  usage?: MockUsage | null;
  /** Delay before the first byte; overrides the server-wide `latencyMs`. */
  latencyMs?: number;
  /** Delay between streamed chunks, so a browser test can watch tokens arrive. */
  chunkDelayMs?: number;
  /** Stream content pieces at this steady rate instead (for throughput benchmarks); wins over chunkDelayMs. */
  tokensPerSecond?: number;
  error?: MockError;
  /** Streaming: destroy the socket after this many `data:` events (never sending [DONE]); 0, or a non-streaming request: drop before any response. */
  dropAfterChunks?: number;
  /**
   * Holds the answer open until `until` settles: a stream after `afterChunks` `data:` events, a non-streaming answer
   * before it is sent. A browser test looks at a call in flight for as long as it needs, with no race against the clock.
   */
  hold?: { afterChunks: number; until: PromiseLike<unknown> };
  /** Cut the last character off each tool call's arguments (a truncated object, invalid JSON yet repairable). */
  malformedToolArguments?: boolean;
  /** Answer 400 "does not support tools" when the request offers tools. */
  rejectTools?: boolean;
}

/** One chat message as it arrives on the wire (content may be a string, parts or null). */
export interface WireMessage {
  role?: string;
  content?: unknown;
  tool_calls?: { id?: string; type?: string; function?: { name?: string; arguments?: string } }[];
  tool_call_id?: string;
  [key: string]: unknown;
}

/** The parsed JSON body of a request; `{}` when the body was empty or not a JSON object. */
export interface ChatBody {
  model?: string;
  messages?: WireMessage[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  tools?: unknown[];
  [key: string]: unknown;
}

/** A request the mock received, for tests to inspect. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. "/v1/chat/completions". */
  path: string;
  /** Lower-case names; `authorization` is kept so tests can check the key that was sent. */
  headers: Record<string, string>;
  body: ChatBody;
  rawBody: string;
  /** `Date.now()` when the request arrived. */
  receivedAt: number;
  /** Index (in the current script) of the rule that answered, when one did. */
  ruleIndex?: number;
  /** True when no rule matched and the default reply was sent. */
  unmatched?: boolean;
}

/** Tests a request: a string is a substring and a RegExp a pattern, both of message text; a function sees the whole request. */
export type Matcher = string | RegExp | ((req: RecordedRequest) => boolean);

/** A scripted answer: the first rule (in order) that matches and still has `times` left answers the request. */
export interface Rule {
  /** Tested against the text of the last user message (a function sees the whole request); absent: any request. */
  match?: Matcher;
  /** Tested against the text of every message; matches when any one does. */
  matchAny?: string | RegExp;
  /** How many requests this rule answers; unlimited when absent. */
  times?: number;
  reply: Reply | ((req: RecordedRequest) => Reply);
}

/** Options of `MockLlmServer.start`. */
export interface StartOptions {
  /** 0 or absent: a free port. */
  port?: number;
  /** Default delay before the first byte of every chat completion. */
  latencyMs?: number;
  /** Model names `GET /v1/models` lists; default ["mock-model"]. */
  models?: string[];
  /**
   * false: send no Access-Control-* header at all (preflights still get a bare 204), so a browser page is refused the
   * way a server without CORS refuses it; default true.
   */
  cors?: boolean;
}
