// The slice of web-llm's MLCEngineInterface this app uses, declared here so tests can pass a fake engine and so
// nothing outside the lazily loaded chunk needs web-llm's types at runtime.

/** A chat message in web-llm's (OpenAI-shaped) request format. */
export type MlcMessage =
  | { role: "system" | "user"; content: string }
  | { role: "assistant"; content: string; tool_calls?: MlcToolCall[] }
  | { role: "tool"; content: string; tool_call_id: string };

/** A tool call as web-llm reports it. */
export interface MlcToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

/** A streaming chat request to web-llm. */
export interface MlcChatRequest {
  messages: MlcMessage[];
  stream: true;
  stream_options: { include_usage: true };
  temperature?: number;
  max_tokens?: number;
  top_p?: number;
  stop?: string[];
  tools?: { type: "function"; function: { name: string; description: string; parameters: Record<string, unknown> } }[];
  /** web-llm constrains decoding with its grammar engine: to JSON (optionally a schema, as JSON text) or to an EBNF grammar. */
  response_format?: { type: "json_object"; schema?: string } | { type: "grammar"; grammar: string };
}

/** One streamed piece of a web-llm answer; the last one carries usage when asked for. */
export interface MlcChunk {
  choices: {
    delta: {
      content?: string | null;
      tool_calls?: { index?: number; id?: string; function?: { name?: string; arguments?: string } }[];
    };
    finish_reason?: string | null;
  }[];
  usage?: { prompt_tokens: number; completion_tokens: number } | null;
}

/** Load progress, as web-llm reports it while fetching and compiling a model. */
export interface MlcProgress {
  progress: number;
  timeElapsed: number;
  text: string;
}

/** The web-llm engine operations the provider needs (MLCEngine implements them; so does the test fake). */
export interface MlcEngineLike {
  reload(modelId: string): Promise<void>;
  chatCompletion(request: MlcChatRequest): Promise<AsyncIterable<MlcChunk>>;
  interruptGenerate(): void;
  unload(): Promise<void>;
}
