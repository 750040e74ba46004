import type { ChatMessage, ChatRequest, ChatResponse, ToolCall, Usage } from "../engine/ports";

/** A plain JSON object, as read from an endpoint's answer. */
export type JsonObject = Record<string, unknown>;

/** Narrows parsed JSON to an object. */
export function isRecord(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Shortens text for an error message, so a huge HTML error page does not flood the run log. */
export function truncate(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** Our message in the chat-completions wire shape. */
export function toWireMessage(message: ChatMessage): JsonObject {
  if (message.role === "assistant" && message.toolCalls && message.toolCalls.length > 0) {
    return {
      role: "assistant",
      // null, not "", is what OpenAI documents for a tool-call-only turn; some servers reject an empty string here.
      content: message.content || null,
      tool_calls: message.toolCalls.map((call) => ({
        id: call.id,
        type: "function",
        function: { name: call.name, arguments: call.arguments },
      })),
    };
  }
  if (message.role === "tool") {
    return { role: "tool", content: message.content, ...(message.toolCallId !== undefined ? { tool_call_id: message.toolCallId } : {}) };
  }
  return { role: message.role, content: message.content };
}

/** The JSON body of POST /chat/completions. Empty `tools`/`stop` arrays are left out: OpenAI rejects them. */
export function toWireBody(request: ChatRequest, stream: boolean): JsonObject {
  const body: JsonObject = { model: request.model, messages: request.messages.map(toWireMessage) };
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.maxTokens !== undefined) body.max_tokens = request.maxTokens;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.tools && request.tools.length > 0) {
    body.tools = request.tools.map((tool) => ({
      type: "function",
      function: { name: tool.name, description: tool.description, parameters: tool.parameters },
    }));
  }
  if (request.responseFormat) {
    const { name, schema } = request.responseFormat;
    // strict:false because strict mode demands schema features (all fields required, no extra keys) most schemas lack.
    body.response_format = { type: "json_schema", json_schema: { name, schema, strict: false } };
  }
  if (request.stop && request.stop.length > 0) body.stop = request.stop;
  if (stream) {
    body.stream = true;
    body.stream_options = { include_usage: true };
  }
  return body;
}

/**
 * Reads a `usage` object. All-zero counts are treated as absent: some servers send them when they do not count,
 * and no real call has zero prompt tokens, so the engine's estimate is the better number.
 */
export function parseUsage(value: unknown): Usage | undefined {
  if (!isRecord(value)) return undefined;
  const { prompt_tokens: prompt, completion_tokens: completion } = value;
  if (typeof prompt !== "number" || typeof completion !== "number") return undefined;
  if (prompt === 0 && completion === 0) return undefined;
  return { promptTokens: prompt, completionTokens: completion };
}

/** Message content as text: a string, null, or (some servers) an array of `{type:"text", text}` parts. */
export function contentText(value: unknown): string {
  if (typeof value === "string") return value;
  if (!Array.isArray(value)) return "";
  return value.map((part) => (isRecord(part) && typeof part.text === "string" ? part.text : typeof part === "string" ? part : "")).join("");
}

/** Tool-call arguments as raw JSON text; a few servers (Ollama's native shape) send an object instead of a string. */
export function argumentsText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined || value === null) return "";
  return JSON.stringify(value);
}

/** A provider's tool-call id, or a stable stand-in so the tool message can still answer it. */
export function callId(id: unknown, index: number): string {
  return typeof id === "string" && id ? id : `call_${index}`;
}

/** Reads a non-streamed completion; undefined when the JSON is not a chat completion at all. */
export function parseCompletion(json: unknown): ChatResponse | undefined {
  if (!isRecord(json) || !Array.isArray(json.choices)) return undefined;
  const choice: unknown = json.choices[0];
  if (!isRecord(choice)) return undefined;
  const message = isRecord(choice.message) ? choice.message : {};
  const toolCalls: ToolCall[] = [];
  if (Array.isArray(message.tool_calls)) {
    message.tool_calls.forEach((raw: unknown, index) => {
      if (!isRecord(raw)) return;
      const fn = isRecord(raw.function) ? raw.function : {};
      toolCalls.push({
        id: callId(raw.id, index),
        name: typeof fn.name === "string" ? fn.name : "",
        arguments: argumentsText(fn.arguments),
      });
    });
  }
  const response: ChatResponse = { content: contentText(message.content), toolCalls };
  const usage = parseUsage(json.usage);
  if (usage) response.usage = usage;
  if (typeof choice.finish_reason === "string") response.finishReason = choice.finish_reason;
  return response;
}

/** The error text inside an endpoint's JSON error body (OpenAI, Ollama, vLLM/FastAPI, llama.cpp shapes). */
export function errorBodyMessage(json: unknown): string | undefined {
  if (typeof json === "string") return json;
  if (Array.isArray(json)) return errorBodyMessage(json[0]);
  if (!isRecord(json)) return undefined;
  const { error, message, detail } = json;
  if (typeof error === "string") return error;
  if (isRecord(error) && typeof error.message === "string") return error.message;
  if (typeof message === "string") return message;
  if (typeof detail === "string") return detail;
  if (Array.isArray(detail)) {
    // FastAPI/pydantic validation errors: [{ loc: ["body", "tools"], msg: "Extra inputs are not permitted" }]
    return detail
      .map((item: unknown) =>
        isRecord(item) ? `${Array.isArray(item.loc) ? `${item.loc.join(".")}: ` : ""}${String(item.msg ?? "")}` : String(item),
      )
      .join("; ");
  }
  return undefined;
}
