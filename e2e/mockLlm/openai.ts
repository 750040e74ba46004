import { messageText } from "./rules";
import type { ChatBody, MockUsage, Reply } from "./types";

/** A tool call in the OpenAI wire shape. */
export interface WireToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

/** Usage as sent: the two counts and their total. */
export interface WireUsage extends MockUsage {
  total_tokens: number;
}

/** The model name the mock reports when the request names none. */
export const DEFAULT_MODEL = "mock-model";

/** The deterministic token estimate the mock reports: a quarter of the characters, rounded up. */
export function estimateTokens(chars: number): number {
  return Math.ceil(chars / 4);
}

/** The tool calls of a reply in wire shape, with deterministic ids and (on request) broken arguments. */
export function wireToolCalls(reply: Reply, requestNumber: number): WireToolCall[] {
  return (reply.toolCalls ?? []).map((call, index) => {
    let args = typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments);
    // A truncated object is the malformation real models produce most (cut off by max_tokens); "{" when there is nothing to cut.
    if (reply.malformedToolArguments) args = args.length > 1 ? args.slice(0, -1) : "{";
    return { id: call.id ?? `call_mock_${requestNumber}_${index}`, type: "function", function: { name: call.name, arguments: args } };
  });
}

/** The usage to report: the reply's override, null when it asked for none, else estimates from request and answer text. */
export function usageFor(reply: Reply, body: ChatBody, content: string, toolCalls: WireToolCall[]): WireUsage | null {
  if (reply.usage === null) return null;
  const usage = reply.usage ?? {
    prompt_tokens: estimateTokens((body.messages ?? []).reduce((sum, message) => sum + messageText(message).length, 0)),
    completion_tokens: estimateTokens(
      toolCalls.reduce((sum, call) => sum + call.function.name.length + call.function.arguments.length, content.length),
    ),
  };
  return { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens };
}

/** Fields every completion and chunk share. */
export interface CompletionMeta {
  id: string;
  created: number;
  model: string;
}

/** The non-streaming `chat.completion` body. */
export function completionBody(meta: CompletionMeta, content: string, toolCalls: WireToolCall[], usage: WireUsage | null): object {
  const hasTools = toolCalls.length > 0;
  return {
    id: meta.id,
    object: "chat.completion",
    created: meta.created,
    model: meta.model,
    choices: [
      {
        index: 0,
        // Like OpenAI, content is null (not "") when the model only calls tools.
        message: {
          role: "assistant",
          content: hasTools && content === "" ? null : content,
          refusal: null,
          ...(hasTools ? { tool_calls: toolCalls } : {}),
        },
        logprobs: null,
        finish_reason: hasTools ? "tool_calls" : "stop",
      },
    ],
    ...(usage ? { usage } : {}),
    system_fingerprint: null,
  };
}

const ERROR_KINDS: Record<number, { type: string; code: string | null; message: string }> = {
  400: { type: "invalid_request_error", code: null, message: "Bad request (mock)." },
  401: { type: "invalid_request_error", code: "invalid_api_key", message: "Incorrect API key provided (mock)." },
  403: { type: "permission_error", code: null, message: "You are not allowed to use this model (mock)." },
  404: { type: "invalid_request_error", code: "model_not_found", message: "The model does not exist (mock)." },
  429: { type: "rate_limit_error", code: "rate_limit_exceeded", message: "Rate limit reached (mock). Please try again later." },
  500: { type: "server_error", code: null, message: "The server had an error while processing your request (mock)." },
  503: { type: "server_error", code: null, message: "The engine is currently overloaded (mock)." },
};

/** An OpenAI-style error body for a status: `{ error: { message, type, param, code } }`. */
export function errorBody(status: number, message?: string, extra: { code?: string; param?: string } = {}): object {
  const kind = ERROR_KINDS[status] ?? {
    type: status >= 500 ? "server_error" : "invalid_request_error",
    code: null,
    message: `Mock error ${status}.`,
  };
  return { error: { message: message ?? kind.message, type: kind.type, param: extra.param ?? null, code: extra.code ?? kind.code } };
}
