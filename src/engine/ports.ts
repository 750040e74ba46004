import type { LlmConfig, MemoryKind, Task, Tool } from "../model";

/** One message of a chat conversation, in the OpenAI chat-completions shape. */
export interface ChatMessage {
  role: "system" | "user" | "assistant" | "tool";
  content: string;
  /** Tool calls the assistant asked for (native tool calling). */
  toolCalls?: ToolCall[];
  /** For role "tool": which call this message answers. */
  toolCallId?: string;
}

/** A tool call as the model produced it; `arguments` is the raw JSON text, which may be malformed. */
export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
}

/** A tool offered to the model: name, what it does, and a JSON Schema of its arguments. */
export interface ToolSpec {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

/** Token counts of one model call. */
export interface Usage {
  promptTokens: number;
  completionTokens: number;
}

/** What the engine asks a model for. */
export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  temperature?: number;
  maxTokens?: number;
  topP?: number;
  tools?: ToolSpec[];
  /** Ask for JSON matching a schema (native structured output where the endpoint supports it). */
  responseFormat?: { type: "json_schema"; name: string; schema: Record<string, unknown> };
  /**
   * Set on turns of the text (ReAct) protocol, with the tool names offered (none: only a Final Answer is wanted), so a
   * provider that can constrain decoding keeps the reply on format; others ignore it.
   */
  textProtocol?: { tools: string[] };
  stop?: string[];
  signal: AbortSignal;
  /** Called with each streamed piece of text, when the provider streams. */
  onToken?: (text: string) => void;
}

/** What a model answered. `usage` is absent when the endpoint did not report it. */
export interface ChatResponse {
  content: string;
  toolCalls: ToolCall[];
  usage?: Usage;
  finishReason?: string;
}

/** Why a model call failed; decides whether the engine retries and how the error reads. */
export type LlmErrorKind = "rate_limit" | "server" | "network" | "client" | "tools_unsupported" | "aborted" | "timeout";

/** A failed model call, with what the provider said and, for 429, how long it asked us to wait. */
export class LlmError extends Error {
  override readonly name = "LlmError";
  constructor(
    readonly kind: LlmErrorKind,
    message: string,
    readonly details: { status?: number; retryAfterMs?: number; provider?: string } = {},
  ) {
    super(message);
  }

  /** Rate limits, server errors and dropped connections are worth another try; the rest are not. */
  get retryable(): boolean {
    return this.kind === "rate_limit" || this.kind === "server" || this.kind === "network";
  }
}

/** A chat model endpoint (OpenAI-compatible HTTP, WebLLM in the tab, or a script in tests). */
export interface LlmProvider {
  /** Short name for events and errors, e.g. "openai-compatible http://localhost:11434/v1". */
  readonly label: string;
  chat(request: ChatRequest): Promise<ChatResponse>;
  /** Embeddings for each input text (OpenAI's /v1/embeddings); absent when the provider cannot make them. */
  embed?(request: { model: string; input: string[]; signal?: AbortSignal }): Promise<number[][]>;
}

/** Gives the provider for a model config (undefined: the run's default model). */
export type ResolveLlm = (config: LlmConfig | undefined) => { provider: LlmProvider; model: string; config?: LlmConfig };

/** Files of one run (a virtual file space, exported with the run). */
export interface RunFiles {
  read(path: string): string | undefined;
  write(path: string, content: string): void;
  list(): string[];
}

/** Context handed to a tool invocation. */
export interface ToolContext {
  runId: string;
  signal: AbortSignal;
  files: RunFiles;
  /** The crew's knowledge, searched as the calling agent (the search_knowledge tool); absent when the run has none. */
  knowledge?: { search(text: string, limit: number): Promise<KnowledgeHit[]> };
}

/** Runs the crew's tools: describes them to the model and invokes them with validated arguments. */
export interface ToolHost {
  /** The model-facing description of a tool of the crew; throws for a tool it cannot run. */
  spec(tool: Tool): ToolSpec;
  /** Runs a tool; throws an Error whose message becomes the observation when arguments are bad or the tool fails. */
  invoke(tool: Tool, args: unknown, context: ToolContext): Promise<string>;
  /** False for tools whose answer changes by itself (the clock), so the crew's tool cache skips them. */
  cacheable?(tool: Tool): boolean;
}

/** A memory recalled for a prompt, with its score (0..1: relevance weighed with recency and importance). */
export interface MemoryHit {
  id: string;
  kind: MemoryKind;
  text: string;
  score: number;
  /** Entity memories: the entity's name. */
  entity?: string;
}

/** What a task asks its crew's memory for; the store is bound to one crew when it is made. */
export interface MemoryQuery {
  runId: string;
  /** The agent doing the task; it recalls crew-wide memories and its own. */
  agentId: string | null;
  taskId: string;
  /** The task's filled description and expected output. */
  text: string;
  limit: number;
  threshold: number;
}

/** A memory the engine wants kept; the store assigns id and timestamps. */
export interface MemoryDraft {
  kind: MemoryKind;
  text: string;
  agentId: string | null;
  taskId: string | null;
  runId: string | null;
  entity?: { name: string; type: string };
  importance: number;
}

/** A crew's memory across tasks and runs (IndexedDB in the app, a JSON file in the CLI); the no-op store keeps nothing. */
export interface MemoryStore {
  /** `note` hears problems the store worked around (e.g. embeddings failed, so words alone were searched). */
  retrieve(query: MemoryQuery, note?: (problem: string) => void): Promise<MemoryHit[]>;
  /** Keeps the drafts (merging with what is already known) and returns what was stored, with ids. */
  save(drafts: MemoryDraft[], note?: (problem: string) => void): Promise<MemoryHit[]>;
}

/** A passage of a knowledge source found for a query; `source` is the source's name, for citing. */
export interface KnowledgeHit {
  chunkId: string;
  sourceId: string;
  source: string;
  text: string;
  score: number;
}

/** The documents a crew and its agents can draw on; bound to one crew when it is made. */
export interface KnowledgeBase {
  /** Searches the crew-wide sources and, when agentId is given, that agent's own. */
  search(query: { agentId: string | null; text: string; limit: number; signal?: AbortSignal }): Promise<KnowledgeHit[]>;
}

/** A person's review of a task output: approve it, or send it back with feedback. */
export type HumanVerdict = { approved: true } | { approved: false; feedback: string };

/** Asks a person to review a task's output (tasks with `humanInput`). */
export interface HumanInput {
  review(request: { runId: string; task: Task; output: string; signal: AbortSignal }): Promise<HumanVerdict>;
}

/** Time, injected so tests control it. `sleep` rejects with an abort error when the signal fires. */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(abortError(signal));
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(abortError(signal));
      };
      signal?.addEventListener("abort", onAbort, { once: true });
    }),
};

/** The error a wait or call rejects with when its signal aborts. */
export function abortError(signal?: AbortSignal): Error {
  const reason = signal?.reason;
  if (reason instanceof Error) return reason;
  const error = new Error(typeof reason === "string" ? reason : "aborted");
  error.name = "AbortError";
  return error;
}

/** A memory store that remembers nothing (runs without memory, tests). */
export const noMemory: MemoryStore = { retrieve: async () => [], save: async () => [] };

/** A knowledge base with no documents. */
export const noKnowledge: KnowledgeBase = { search: async () => [] };

/** Human review that approves everything (headless runs without --interactive). */
export const autoApprove: HumanInput = { review: async () => ({ approved: true }) };
