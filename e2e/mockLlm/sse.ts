import type { CompletionMeta, WireToolCall, WireUsage } from "./openai";

/** Splits text into token-like pieces (leading spaces plus up to five characters) that join back to the text. */
export function splitContent(text: string): string[] {
  // The u flag keeps surrogate pairs (emoji) whole; the second branch keeps trailing whitespace.
  return text.match(/\s*\S{1,5}|\s+$/gu) ?? [];
}

/** Splits text into pieces of at most `size` code points (at least one piece, possibly ""). */
export function splitEvery(text: string, size: number): string[] {
  const chars = Array.from(text);
  const pieces: string[] = [];
  for (let i = 0; i < chars.length; i += size) pieces.push(chars.slice(i, i + size).join(""));
  return pieces;
}

const ARGUMENT_PIECE = 8;

/** The `data:` payloads of a streamed answer, in the official `chat.completion.chunk` format, without the final [DONE]. */
export function streamEvents(
  meta: CompletionMeta,
  content: string,
  toolCalls: WireToolCall[],
  usage: WireUsage | null,
  includeUsage: boolean,
): string[] {
  const chunk = (delta: object, finishReason: string | null = null): string =>
    JSON.stringify({
      id: meta.id,
      object: "chat.completion.chunk",
      created: meta.created,
      model: meta.model,
      system_fingerprint: null,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
      // With include_usage OpenAI puts "usage": null on every chunk but the last; clients must cope with that.
      ...(includeUsage ? { usage: null } : {}),
    });
  const hasTools = toolCalls.length > 0;
  const events = [chunk({ role: "assistant", content: hasTools && content === "" ? null : "", refusal: null })];
  for (const piece of splitContent(content)) events.push(chunk({ content: piece }));
  toolCalls.forEach((call, index) => {
    events.push(chunk({ tool_calls: [{ index, id: call.id, type: "function", function: { name: call.function.name, arguments: "" } }] }));
    for (const piece of splitEvery(call.function.arguments, ARGUMENT_PIECE)) {
      events.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
    }
  });
  events.push(chunk({}, hasTools ? "tool_calls" : "stop"));
  if (includeUsage && usage) {
    events.push(
      JSON.stringify({
        id: meta.id,
        object: "chat.completion.chunk",
        created: meta.created,
        model: meta.model,
        system_fingerprint: null,
        choices: [],
        usage,
      }),
    );
  }
  return events;
}

/** One server-sent event carrying a data payload. */
export function sseData(payload: string): string {
  return `data: ${payload}\n\n`;
}
