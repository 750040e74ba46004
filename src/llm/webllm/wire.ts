import type { ChatMessage, ChatRequest, ToolCall } from "../../engine/ports";
import type { MlcChatRequest, MlcChunk, MlcMessage } from "./mlcTypes";
import { reactGrammar } from "./reactGrammar";

/** Builds web-llm's request from the engine's; `native` says the tools go as native function definitions. */
export function toMlcRequest(request: ChatRequest, native: boolean): MlcChatRequest {
  const body: MlcChatRequest = {
    messages: toMlcMessages(request.messages, native),
    stream: true,
    stream_options: { include_usage: true },
  };
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.maxTokens !== undefined) body.max_tokens = request.maxTokens;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.stop?.length) body.stop = request.stop;
  if (native && request.tools?.length) {
    body.tools = request.tools.map((t) => ({
      type: "function",
      function: { name: t.name, description: t.description, parameters: t.parameters },
    }));
  } else if (request.textProtocol) {
    // The text protocol as a grammar: the model can only name an offered tool, give a JSON object, or answer.
    body.response_format = { type: "grammar", grammar: reactGrammar(request.textProtocol.tools) };
  } else if (request.responseFormat) {
    // Grammar-constrained decoding keeps small models on the schema instead of hoping they follow the prompt.
    body.response_format = { type: "json_object", schema: JSON.stringify(request.responseFormat.schema) };
  }
  return body;
}

function toMlcMessages(messages: ChatMessage[], native: boolean): MlcMessage[] {
  const out: MlcMessage[] = [];
  // web-llm takes one system message, first; several are joined. Function-calling models get web-llm's own system
  // prompt (the tool list) and refuse one from the caller, so there the text leads the first user message instead.
  const system = messages
    .filter((m) => m.role === "system")
    .map((m) => m.content)
    .join("\n\n");
  let pendingSystem = native && system ? `${system}\n\n` : "";
  if (!native && system) out.push({ role: "system", content: system });
  for (const m of messages) {
    if (m.role === "system") continue;
    if (m.role === "tool") out.push({ role: "tool", content: m.content, tool_call_id: m.toolCallId ?? "" });
    else if (m.role === "assistant" && m.toolCalls?.length)
      out.push({
        role: "assistant",
        // web-llm keeps only an assistant turn's text, so earlier calls are written the way the model emits them.
        content: m.content || JSON.stringify(m.toolCalls.map((c) => ({ name: c.name, arguments: parseOrText(c.arguments) }))),
        tool_calls: m.toolCalls.map((c) => ({ id: c.id, type: "function", function: { name: c.name, arguments: c.arguments } })),
      });
    else if (m.role === "user" && pendingSystem) {
      out.push({ role: "user", content: pendingSystem + m.content });
      pendingSystem = "";
    } else out.push({ role: m.role, content: m.content });
  }
  if (pendingSystem) out.unshift({ role: "user", content: pendingSystem.trim() });
  return out;
}

function parseOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Collects a streamed answer: text (also handed to `onToken`), tool calls by index, usage and finish reason. */
export class ChunkCollector {
  content = "";
  finishReason: string | undefined;
  usage: { promptTokens: number; completionTokens: number } | undefined;
  private readonly calls = new Map<number, ToolCall>();

  constructor(private readonly onToken?: (text: string) => void) {}

  add(chunk: MlcChunk): void {
    if (chunk.usage) this.usage = { promptTokens: chunk.usage.prompt_tokens, completionTokens: chunk.usage.completion_tokens };
    for (const choice of chunk.choices) {
      if (choice.finish_reason) this.finishReason = choice.finish_reason;
      const text = choice.delta.content;
      if (text) {
        this.content += text;
        this.onToken?.(text);
      }
      for (const [i, part] of (choice.delta.tool_calls ?? []).entries()) {
        const index = part.index ?? i;
        const call = this.calls.get(index) ?? { id: part.id ?? `call_${index}`, name: "", arguments: "" };
        if (part.id) call.id = part.id;
        call.name += part.function?.name ?? "";
        call.arguments += part.function?.arguments ?? "";
        this.calls.set(index, call);
      }
    }
  }

  get toolCalls(): ToolCall[] {
    return [...this.calls.entries()].sort(([a], [b]) => a - b).map(([, call]) => call);
  }
}
