// TEST-ONLY: a stand-in for web-llm's MLCEngine, used by unit tests and, through the
// localStorage["crewdeck:test:fake-webllm"] flag, by e2e runs. It never touches a GPU or the network.
import type { MlcChatRequest, MlcChunk, MlcEngineLike, MlcProgress } from "../mlcTypes";

/** One scripted answer: its text in streamed pieces, optional tool calls and usage. */
export interface FakeStep {
  tokens?: string[];
  toolCalls?: { name: string; arguments: string }[];
  usage?: { prompt_tokens: number; completion_tokens: number };
  /** Stream the tokens, then keep generating until interruptGenerate() is called. */
  hold?: boolean;
  /** Fail this call with an error of this name and message (web-llm's error classes are told apart by name). */
  error?: { name: string; message: string };
}

/** A whole script (plain data, so it can travel to a worker): answers in order, and an optional load failure. */
export interface FakeScript {
  steps: FakeStep[];
  loadError?: { name: string; message: string };
  /** Model ids that get native function calling (web-llm's functionCallingModelIds); none by default. */
  functionCalling?: string[];
  /** The WebGPU verdict a fake run sees: "none" fails like a browser without WebGPU, "f32" refuses f16 builds. */
  support?: "none" | "f32" | "f16";
}

/** TEST-ONLY fake of web-llm's engine: scripted streams, recorded requests and an event log of loads and calls. */
export class FakeMlcEngine implements MlcEngineLike {
  /** "reload:<id>", "start:<id>", "end:<id>", "interrupt", "unload" in the order they happened. */
  readonly log: string[] = [];
  readonly requests: { modelId: string; request: MlcChatRequest }[] = [];
  private loaded: string | null = null;
  private next = 0;
  private interrupted = false;
  private wake: (() => void) | null = null;
  private gate: Promise<void> | null = null;

  constructor(
    private readonly script: FakeScript | ((request: MlcChatRequest, modelId: string) => FakeStep),
    private readonly onProgress?: (report: MlcProgress) => void,
  ) {}

  /** Makes every reload wait until the returned function is called (to observe queueing). */
  holdLoads(): () => void {
    let open = () => {};
    this.gate = new Promise((resolve) => (open = resolve));
    return () => {
      this.gate = null;
      open();
    };
  }

  async reload(modelId: string): Promise<void> {
    this.log.push(`reload:${modelId}`);
    this.loaded = null;
    if (typeof this.script !== "function" && this.script.loadError) throw named(this.script.loadError);
    this.onProgress?.({ progress: 0, timeElapsed: 0, text: `Fetching ${modelId}` });
    await this.gate;
    this.onProgress?.({ progress: 1, timeElapsed: 1, text: `Finish loading ${modelId}` });
    this.loaded = modelId;
  }

  async chatCompletion(request: MlcChatRequest): Promise<AsyncIterable<MlcChunk>> {
    const modelId = this.loaded;
    if (!modelId) throw named({ name: "ModelNotLoadedError", message: "Model not loaded before calling chatCompletion" });
    this.requests.push({ modelId, request: structuredClone(request) });
    const step = typeof this.script === "function" ? this.script(request, modelId) : this.script.steps[this.next++];
    if (!step) throw new Error(`FakeMlcEngine: the script has no answer for call ${this.next} (model ${modelId})`);
    if (step.error) throw named(step.error);
    this.interrupted = false;
    return this.stream(step, modelId);
  }

  interruptGenerate(): void {
    this.log.push("interrupt");
    this.interrupted = true;
    this.wake?.();
  }

  async unload(): Promise<void> {
    this.log.push("unload");
    this.loaded = null;
  }

  private async *stream(step: FakeStep, modelId: string): AsyncIterable<MlcChunk> {
    this.log.push(`start:${modelId}`);
    let completion = 0;
    for (const token of step.tokens ?? []) {
      await Promise.resolve();
      if (this.interrupted) break;
      completion++;
      yield { choices: [{ delta: { content: token } }] };
    }
    if (step.hold && !this.interrupted) await new Promise<void>((resolve) => (this.wake = resolve));
    this.wake = null;
    const calls = this.interrupted ? [] : (step.toolCalls ?? []);
    if (calls.length)
      yield {
        choices: [
          {
            delta: {
              tool_calls: calls.map((c, index) => ({
                index,
                id: `fake_call_${this.next}_${index}`,
                function: { name: c.name, arguments: c.arguments },
              })),
            },
          },
        ],
      };
    const finish = this.interrupted ? "abort" : calls.length ? "tool_calls" : "stop";
    yield { choices: [{ delta: {}, finish_reason: finish }] };
    yield { choices: [], usage: step.usage ?? { prompt_tokens: 10, completion_tokens: completion } };
    this.log.push(`end:${modelId}`);
  }
}

function named(error: { name: string; message: string }): Error {
  const e = new Error(error.message);
  e.name = error.name;
  return e;
}
