import { type ChatRequest, type ChatResponse, LlmError, type LlmProvider } from "../../engine/ports";
import { webLlmError } from "./errors";
import type { WebLlmRuntime } from "./WebLlmRuntime";
import { ChunkCollector, toMlcRequest } from "./wire";

/** Options of a WebLlmProvider: the shared runtime and whether the model does native function calling. */
export interface WebLlmProviderOptions {
  runtime: WebLlmRuntime;
  /** The model is in web-llm's function-calling list; otherwise tool requests are refused so the engine uses ReAct. */
  nativeTools: boolean;
  label?: string;
}

/**
 * The engine's LLM port over a model running in the browser through web-llm (WebGPU). One provider per model id;
 * providers of one tab or worker share a runtime, which keeps one model in GPU memory and queues the calls.
 */
export class WebLlmProvider implements LlmProvider {
  readonly label: string;

  constructor(private readonly options: WebLlmProviderOptions) {
    this.label = options.label ?? "webllm";
  }

  async chat(request: ChatRequest): Promise<ChatResponse> {
    const wantsTools = Boolean(request.tools?.length);
    if (wantsTools && !this.options.nativeTools)
      // The engine answers this by switching the agent to its text (ReAct) protocol for this provider.
      throw new LlmError("tools_unsupported", `${this.label} ${request.model}: this model has no native function calling`, {
        provider: this.label,
      });
    const body = toMlcRequest(request, wantsTools);
    try {
      return await this.options.runtime.run(request.model, request.signal, async (engine) => {
        const collector = new ChunkCollector(request.onToken);
        const stop = () => engine.interruptGenerate();
        request.signal.addEventListener("abort", stop, { once: true });
        try {
          for await (const chunk of await engine.chatCompletion(body)) collector.add(chunk);
        } finally {
          request.signal.removeEventListener("abort", stop);
        }
        if (request.signal.aborted) throw this.aborted(request);
        return {
          content: collector.content,
          toolCalls: collector.toolCalls,
          ...(collector.usage ? { usage: collector.usage } : {}),
          ...(collector.finishReason ? { finishReason: collector.finishReason } : {}),
        };
      });
    } catch (error) {
      if (request.signal.aborted) throw this.aborted(request);
      throw webLlmError(error, request.model, this.label);
    }
  }

  private aborted(request: ChatRequest): LlmError {
    const reason: unknown = request.signal.reason;
    if (reason instanceof LlmError) return reason;
    const timedOut = (reason as { name?: string } | undefined)?.name === "TimeoutError";
    return new LlmError(
      timedOut ? "timeout" : "aborted",
      `${this.label} ${request.model}: generation ${timedOut ? "timed out" : "was stopped"}`,
      {
        provider: this.label,
      },
    );
  }
}
