import { type ChatRequest, type ChatResponse, LlmError, type LlmProvider, systemClock } from "../engine/ports";

/**
 * One scripted answer: plain text, a (partial) response, or an Error to throw. The object form may also wait
 * `delayMs` first (abortably) and then throw `error` instead of answering.
 */
export type ScriptedStep = string | Error | (Partial<ChatResponse> & { delayMs?: number; error?: Error });

/** A list of steps taken in order, or a function computing the step for each call. */
export type Script = ScriptedStep[] | ((request: ChatRequest, callIndex: number) => ScriptedStep | Promise<ScriptedStep>);

/** Options of a ScriptedProvider. */
export interface ScriptedProviderOptions {
  /** Name in events and errors (default "scripted"). */
  label?: string;
  /** When false, any request offering tools fails with `tools_unsupported`, like an endpoint without native tool calling. */
  supportsTools?: boolean;
  /** How `delayMs` waits; inject a fake clock's sleep to keep tests instant. Must reject when the signal aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** How many onToken pieces each answer is split into (default 3). */
  tokenChunks?: number;
}

/** A deterministic LlmProvider for engine tests: answers from a script and records what it was asked. */
export class ScriptedProvider implements LlmProvider {
  readonly label: string;
  /** Every request received, in order, with its message list copied as it was at call time. */
  readonly calls: ChatRequest[] = [];
  /** Calls currently running. */
  inFlight = 0;
  /** The most calls that ever ran at once (checks concurrency limits). */
  maxInFlight = 0;
  private readonly supportsTools: boolean;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly tokenChunks: number;
  /** Calls that reached the script; rejected tool requests do not count, as a real endpoint generates nothing for them. */
  private scripted = 0;

  constructor(
    private readonly script: Script,
    options: ScriptedProviderOptions = {},
  ) {
    this.label = options.label ?? "scripted";
    this.supportsTools = options.supportsTools ?? true;
    this.sleep = options.sleep ?? systemClock.sleep;
    this.tokenChunks = Math.max(1, options.tokenChunks ?? 3);
  }

  /** Steps of a list script not yet used (0 for a function script). */
  get remaining(): number {
    return Array.isArray(this.script) ? Math.max(0, this.script.length - this.scripted) : 0;
  }

  /** Answers with the next step, after its delay; honours the request's signal throughout. */
  async chat(request: ChatRequest): Promise<ChatResponse> {
    // The engine may keep pushing to the same array; a copy records what this call actually sent.
    this.calls.push({ ...request, messages: [...request.messages] });
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      this.throwIfAborted(request.signal);
      if (!this.supportsTools && request.tools && request.tools.length > 0) {
        throw new LlmError("tools_unsupported", `${this.label}: HTTP 400: this model does not support tools`, {
          status: 400,
          provider: this.label,
        });
      }
      const step = await this.nextStep(request);
      const delayMs = typeof step === "object" && !(step instanceof Error) ? step.delayMs : undefined;
      if (delayMs !== undefined && delayMs > 0) {
        try {
          await this.sleep(delayMs, request.signal);
        } catch (error) {
          this.throwIfAborted(request.signal);
          throw error;
        }
      }
      this.throwIfAborted(request.signal);
      if (step instanceof Error) throw step;
      if (typeof step === "object" && step.error) throw step.error;
      const response = toResponse(step);
      for (const piece of splitText(response.content, this.tokenChunks)) request.onToken?.(piece);
      return response;
    } finally {
      this.inFlight--;
    }
  }

  private async nextStep(request: ChatRequest): Promise<ScriptedStep> {
    const index = this.scripted++;
    if (typeof this.script === "function") return this.script(request, index);
    const step = this.script[index];
    if (step === undefined) throw new Error(`${this.label}: no scripted step for call ${index + 1} (the script has ${this.script.length})`);
    return step;
  }

  private throwIfAborted(signal: AbortSignal): void {
    if (!signal.aborted) return;
    const reason: unknown = signal.reason;
    if (reason instanceof LlmError) throw reason;
    const timedOut = typeof reason === "object" && reason !== null && (reason as { name?: unknown }).name === "TimeoutError";
    throw new LlmError(timedOut ? "timeout" : "aborted", `${this.label}: request ${timedOut ? "timed out" : "was aborted"}`, {
      provider: this.label,
    });
  }
}

function toResponse(step: string | (Partial<ChatResponse> & { delayMs?: number })): ChatResponse {
  if (typeof step === "string") return { content: step, toolCalls: [], finishReason: "stop" };
  const response: ChatResponse = { content: step.content ?? "", toolCalls: step.toolCalls ?? [] };
  if (step.usage) response.usage = step.usage;
  response.finishReason = step.finishReason ?? (response.toolCalls.length > 0 ? "tool_calls" : "stop");
  return response;
}

/** Splits text into at most `count` pieces that join back to it exactly, like a stream would deliver it. */
export function splitText(text: string, count: number): string[] {
  // By code point, so an emoji is never cut in half.
  const chars = Array.from(text);
  const size = Math.ceil(chars.length / count);
  const pieces: string[] = [];
  for (let start = 0; start < chars.length; start += size) pieces.push(chars.slice(start, start + size).join(""));
  return pieces;
}
