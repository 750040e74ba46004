import { createParser, type EventSourceMessage } from "eventsource-parser";
import type { ChatResponse, LlmError, ToolCall, Usage } from "../engine/ports";
import { abortedError, type RequestSite, siteError } from "./httpErrors";
import { argumentsText, callId, errorBodyMessage, isRecord, parseUsage, truncate } from "./openAiWire";

/** Collects one streamed completion from its chunks. */
class StreamAssembly {
  content = "";
  usage: Usage | undefined;
  finishReason: string | undefined;
  done = false;
  chunks = 0;
  private readonly calls = new Map<number, ToolCall>();
  private lastIndex: number | undefined;

  constructor(
    private readonly site: RequestSite,
    private readonly onToken: ((text: string) => void) | undefined,
  ) {}

  /** Takes one SSE event; throws an LlmError when the endpoint reports an error inside the stream. */
  take(event: EventSourceMessage): void {
    const data = event.data.trim();
    if (this.done || !data) return;
    if (data === "[DONE]") {
      this.done = true;
      return;
    }
    this.chunks++;
    let chunk: unknown;
    try {
      chunk = JSON.parse(data);
    } catch {
      throw siteError(this.site, "server", `sent a stream chunk that is not JSON (chunk ${this.chunks}): ${truncate(data, 120)}`);
    }
    if (event.event === "error" || (isRecord(chunk) && chunk.error !== undefined)) {
      const said = errorBodyMessage(chunk) ?? data;
      throw siteError(this.site, "server", `reported an error mid-stream after ${this.chunks - 1} chunks: ${truncate(said, 300)}`);
    }
    if (!isRecord(chunk)) return;
    // Servers that report usage send it on a last chunk with no choices; some repeat it on every chunk, so the last wins.
    const usage = parseUsage(chunk.usage);
    if (usage) this.usage = usage;
    const choice: unknown = Array.isArray(chunk.choices) ? chunk.choices[0] : undefined;
    if (!isRecord(choice)) return;
    const delta = isRecord(choice.delta) ? choice.delta : {};
    if (typeof delta.content === "string" && delta.content) {
      this.content += delta.content;
      this.onToken?.(delta.content);
    }
    if (Array.isArray(delta.tool_calls)) {
      delta.tool_calls.forEach((raw: unknown, position) => {
        this.mergeToolCall(raw, position);
      });
    }
    if (typeof choice.finish_reason === "string" && choice.finish_reason) this.finishReason = choice.finish_reason;
  }

  /** Tool calls arrive in pieces keyed by `index`: id and name first, then the arguments text bit by bit. */
  private mergeToolCall(raw: unknown, position: number): void {
    if (!isRecord(raw)) return;
    const fn = isRecord(raw.function) ? raw.function : {};
    const id = typeof raw.id === "string" && raw.id ? raw.id : undefined;
    const index = typeof raw.index === "number" ? raw.index : this.indexWithoutIndex(id, position);
    let call = this.calls.get(index);
    if (!call) {
      call = { id: "", name: "", arguments: "" };
      this.calls.set(index, call);
    }
    this.lastIndex = index;
    if (id && !call.id) call.id = id;
    // Some servers repeat the name on every piece; it is never itself split, so the first one is kept.
    if (typeof fn.name === "string" && fn.name && !call.name) call.name = fn.name;
    call.arguments += argumentsText(fn.arguments);
  }

  /** For servers that leave `index` out: a new id starts a new call, a piece without id continues the last one. */
  private indexWithoutIndex(id: string | undefined, position: number): number {
    if (id) {
      for (const [index, call] of this.calls) if (call.id === id) return index;
      return this.calls.size === 0 ? position : Math.max(...this.calls.keys()) + 1;
    }
    return this.lastIndex ?? position;
  }

  result(): ChatResponse {
    const toolCalls = [...this.calls.entries()]
      .sort(([a], [b]) => a - b)
      .filter(([, call]) => call.name || call.arguments)
      .map(([index, call]) => ({ ...call, id: callId(call.id, index) }));
    const response: ChatResponse = { content: this.content, toolCalls };
    if (this.usage) response.usage = this.usage;
    if (this.finishReason) response.finishReason = this.finishReason;
    return response;
  }
}

/** How readChatStream reports tokens and treats the stream around the answer. */
export interface StreamOptions {
  /** Each content delta, as it arrives. */
  onToken?: (text: string) => void;
  /** Cancel the read when the signal aborts (default true); needless for a body from the platform's fetch, which errors it itself. */
  watchAbort?: boolean;
  /**
   * What follows [DONE]: "read" to the stream's end (the default), or "leave" it unread. Reading the end of a finished
   * body makes Node's fetch close two layers of streams, about a twentieth of a call to a local server; the connection
   * is free for the next request either way once the server has ended the body.
   */
  tail?: "read" | "leave";
  /** After a read tail: true when the stream ended right after [DONE], false when the server sent more. */
  onTail?: (clean: boolean) => void;
}

/**
 * Reads a chat-completions SSE body up to [DONE]: content deltas go to `onToken` as they come, tool-call deltas are
 * assembled, usage is read. A stream that stops before `[DONE]` or a finish_reason, or whose read throws, is a
 * `network` error (retryable: the connection dropped); an aborted signal is `aborted`/`timeout`.
 */
export async function readChatStream(
  body: ReadableStream<Uint8Array>,
  site: RequestSite,
  signal: AbortSignal,
  options: StreamOptions = {},
): Promise<ChatResponse> {
  const { onToken, watchAbort = true, tail = "read", onTail } = options;
  const assembly = new StreamAssembly(site, onToken);
  const parser = createParser({ onEvent: (event) => assembly.take(event) });
  const decoder = new TextDecoder();
  const reader = body.getReader();
  let finished = false;
  // A fetch that ignores the signal (an injected one, say) would keep us reading: cancelling ends the pending read.
  const onAbort = () => void reader.cancel().catch(() => undefined);
  // Adding and removing the listener costs a few microseconds per call in Node: only done where it is needed.
  if (watchAbort) signal.addEventListener("abort", onAbort, { once: true });
  const dropped = (detail: string): LlmError =>
    siteError(site, "network", `connection dropped mid-stream after ${assembly.chunks} chunks (${detail}) from ${site.url}`);
  try {
    while (!assembly.done) {
      let result: ReadableStreamReadResult<Uint8Array>;
      try {
        result = await reader.read();
      } catch (error) {
        if (signal.aborted) throw abortedError(signal, site);
        throw dropped(error instanceof Error ? error.message || error.name : String(error));
      }
      if (signal.aborted) throw abortedError(signal, site);
      if (result.done) {
        finished = true;
        break;
      }
      parser.feed(decoder.decode(result.value, { stream: true }));
    }
    if (!assembly.done) {
      // The last event may lack its closing blank line; `consume` parses it as if it had one.
      parser.feed(decoder.decode());
      parser.reset({ consume: true });
      if (!assembly.done && !assembly.finishReason) throw dropped("the stream ended before [DONE]");
    }
    // The (normally empty) rest after [DONE] is read without making the caller wait for it, or left alone: cancelling
    // instead would close a connection that keep-alive could reuse, and the answer is complete already.
    if (!finished) {
      finished = true;
      if (tail === "read") void drainTail(reader, onTail);
    }
    return assembly.result();
  } finally {
    if (watchAbort) signal.removeEventListener("abort", onAbort);
    // Frees the connection when we stop early (an error chunk, an abort, or a server that keeps talking after [DONE]).
    if (!finished) void reader.cancel().catch(() => undefined);
  }
}

/**
 * Reads what a stream sends after [DONE] (normally just its end) and tells `onTail` whether that was all; one that
 * keeps talking is cancelled.
 */
async function drainTail(reader: ReadableStreamDefaultReader<Uint8Array>, onTail?: (clean: boolean) => void): Promise<void> {
  try {
    for (let tail = 0; tail < 8; tail++) {
      if ((await reader.read()).done) {
        onTail?.(tail === 0);
        return;
      }
    }
    onTail?.(false);
    await reader.cancel();
  } catch {
    // The answer is complete; a connection that fails after it has nothing left to report.
  }
}
