import type { MockLlmServer } from "./MockLlmServer";

/** Posts a chat-completions request with a bearer key, as an OpenAI client would. */
export function postChat(server: MockLlmServer, body: object, init: RequestInit = {}): Promise<Response> {
  return fetch(`${server.url}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer sk-test" },
    body: JSON.stringify({ model: "mock-model", ...body }),
    ...init,
  });
}

/** A request body with one user message. */
export function ask(text: string, extra: object = {}): object {
  return { messages: [{ role: "user", content: text }], ...extra };
}

/** One streamed chunk, typed as loosely as a test needs. */
export interface Chunk {
  object: string;
  choices: {
    index: number;
    finish_reason: string | null;
    delta: {
      role?: string;
      content?: string | null;
      tool_calls?: { index: number; id?: string; type?: string; function?: { name?: string; arguments?: string } }[];
    };
  }[];
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number } | null;
}

/** Reads an SSE body by hand: every `data:` payload, and whether [DONE] came last. */
export async function readSse(response: Response): Promise<{ chunks: Chunk[]; done: boolean; raw: string }> {
  const raw = await response.text();
  const payloads = raw
    .split("\n\n")
    .filter((event) => event.trim() !== "")
    .map((event) => {
      if (!event.startsWith("data: ")) throw new Error(`not an SSE data event: ${event}`);
      return event.slice("data: ".length);
    });
  const done = payloads.at(-1) === "[DONE]";
  const chunks = payloads.filter((payload) => payload !== "[DONE]").map((payload) => JSON.parse(payload) as Chunk);
  return { chunks, done, raw };
}

/** What a client rebuilds from the chunks: text, tool calls by index, finish reason and usage. */
export function reassemble(chunks: Chunk[]) {
  let content = "";
  let finishReason: string | null = null;
  let usage: Chunk["usage"] = null;
  const toolCalls: { id: string; name: string; arguments: string }[] = [];
  for (const chunk of chunks) {
    if (chunk.usage) usage = chunk.usage;
    for (const choice of chunk.choices) {
      content += choice.delta.content ?? "";
      finishReason = choice.finish_reason ?? finishReason;
      for (const delta of choice.delta.tool_calls ?? []) {
        const call = toolCalls[delta.index] ?? { id: "", name: "", arguments: "" };
        toolCalls[delta.index] = call;
        call.id += delta.id ?? "";
        call.name += delta.function?.name ?? "";
        call.arguments += delta.function?.arguments ?? "";
      }
    }
  }
  return { content, toolCalls, finishReason, usage };
}
