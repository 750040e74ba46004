import { abortError } from "../../engine/ports";
import { webLlmError } from "./errors";
import type { MlcEngineLike } from "./mlcTypes";

/**
 * One in-browser engine holding one model at a time. Calls run strictly one after another (the GPU does one
 * generation at a time anyway); a call for a model other than the loaded one waits its turn, then reloads.
 */
export class WebLlmRuntime {
  private engine: Promise<MlcEngineLike> | null = null;
  private loaded: string | null = null;
  private tail: Promise<unknown> = Promise.resolve();
  private release: (() => void) | null = null;

  /**
   * `create` makes the engine on first use (it loads web-llm lazily); `onLoad` hears when a model starts loading and may
   * throw to refuse it (a build this GPU cannot run), before anything is downloaded.
   */
  constructor(
    private readonly create: () => Promise<MlcEngineLike>,
    private readonly onLoad?: (modelId: string) => void,
    /** Waits for this runtime's turn on the GPU among other runtimes (other runs); held until dispose(). */
    private readonly gate?: (signal: AbortSignal) => Promise<() => void>,
  ) {}

  /** The model in memory, or null. */
  get loadedModel(): string | null {
    return this.loaded;
  }

  /** Runs `work` with `modelId` loaded, after every call queued before it; rejects at once when `signal` aborts while waiting. */
  run<T>(modelId: string, signal: AbortSignal, work: (engine: MlcEngineLike) => Promise<T>): Promise<T> {
    const turn = this.tail.then(async () => {
      if (signal.aborted) throw abortError(signal);
      try {
        return await work(await this.engineFor(modelId, signal));
      } catch (error) {
        // A lost device leaves web-llm's engine unusable: the next call starts a fresh one and loads its model again.
        if (isDeviceLost(error)) {
          this.engine = null;
          this.loaded = null;
        }
        throw error;
      }
    });
    this.tail = turn.catch(() => undefined);
    return raceAbort(turn, signal);
  }

  /** Unloads the model and gives the GPU turn to the next runtime waiting; the runtime can be used again after. */
  async dispose(): Promise<void> {
    await this.tail;
    const engine = this.engine;
    this.engine = null;
    this.loaded = null;
    if (engine) await (await engine.catch(() => null))?.unload().catch(() => undefined);
    this.release?.();
    this.release = null;
  }

  private async engineFor(modelId: string, signal: AbortSignal): Promise<MlcEngineLike> {
    if (this.gate && !this.release) this.release = await this.gate(signal);
    this.engine ??= this.create();
    let engine: MlcEngineLike;
    try {
      engine = await this.engine;
    } catch (error) {
      this.engine = null;
      throw webLlmError(error, modelId);
    }
    if (this.loaded === modelId) return engine;
    this.loaded = null;
    this.onLoad?.(modelId);
    // unload() is web-llm's way to cancel a reload in progress (the reload then returns without a model).
    const cancel = () => void engine.unload().catch(() => undefined);
    signal.addEventListener("abort", cancel, { once: true });
    try {
      // web-llm unloads the previous model itself on reload, so only one model's weights sit in GPU memory.
      await engine.reload(modelId);
    } catch (error) {
      throw webLlmError(error, modelId);
    } finally {
      signal.removeEventListener("abort", cancel);
    }
    if (signal.aborted) throw abortError(signal);
    this.loaded = modelId;
    return engine;
  }
}

function isDeviceLost(error: unknown): boolean {
  const e = error as { name?: string; message?: string } | undefined;
  return e?.name === "DeviceLostError" || /device (was )?lost/i.test(e?.message ?? "");
}

// A caller that gives up while its turn is still loading a model is answered now; the load finishes in the background
// (web-llm cannot cancel a reload) and the queue moves on after it.
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(abortError(signal));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(signal));
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
