import { abortError } from "../../engine/ports";
import type { DownloadProgress, LocalModel, WebGpuSupport } from "../../model";
import { checkWebGpu } from "./capabilities";
import { buildCatalog } from "./catalog";
import { downloadProgress, waitingProgress } from "./downloadProgress";
import { webLlmError } from "./errors";
import { type GpuTurn, gpuTurn } from "./gpuLock";
import { type AppConfigLike, appConfigWith, loadWebLlm, type WebLlmModule } from "./webllmModule";

/** What the host needs from its surroundings; the defaults are the browser's, tests pass fakes. */
export interface WebLlmModelHostOptions {
  loadModule?: () => Promise<WebLlmModule>;
  support?: () => Promise<WebGpuSupport>;
  /** Makes the worker web-llm downloads and checks a model in. */
  worker?: () => Worker;
  caches?: Pick<CacheStorage, "open" | "has">;
  /** Custom models the person added (so their files can be found and removed). */
  customModels?: () => readonly LocalModel[];
  now?: () => number;
  /** Takes the GPU turn shared with runs (gpuLock.ts); tests pass one over fake locks. */
  gpuTurn?: GpuTurn;
}

// web-llm's Cache API store for weights and tokenizer files (its "webllm/model" scope).
const MODEL_CACHE = "webllm/model";

/** The in-browser model runtime as the page sees it: WebGPU check, catalog, downloads in a worker, the cache. */
export class WebLlmModelHost {
  private readonly seen = new Map<string, LocalModel>();

  constructor(private readonly options: WebLlmModelHostOptions = {}) {}

  support(): Promise<WebGpuSupport> {
    return (this.options.support ?? checkWebGpu)();
  }

  async catalog(support: WebGpuSupport): Promise<LocalModel[]> {
    if (!support.available) return [];
    const webllm = await this.module();
    return buildCatalog(webllm.prebuiltAppConfig.model_list, webllm.functionCallingModelIds, support);
  }

  /**
   * Loads the model once in a worker: web-llm fetches every file into its cache and checks the model starts. That puts
   * the model in GPU memory, so it waits for the GPU turn runs take too (reporting why it waits; cancel still works).
   */
  async download(model: LocalModel, onProgress: (progress: DownloadProgress) => void, signal: AbortSignal): Promise<void> {
    if (model.custom) this.seen.set(model.id, model);
    const webllm = await this.module();
    if (signal.aborted) throw abortError(signal);
    const release = await (this.options.gpuTurn ?? gpuTurn)(signal, () => onProgress(waitingProgress(model)));
    try {
      await this.load(webllm, model, onProgress, signal);
    } finally {
      release();
    }
  }

  private async load(webllm: WebLlmModule, model: LocalModel, onProgress: (p: DownloadProgress) => void, signal: AbortSignal) {
    // Cancelled while waiting for the GPU turn: no worker, nothing fetched.
    if (signal.aborted) throw abortError(signal);
    const now = this.options.now ?? Date.now;
    const started = now();
    const worker = (this.options.worker ?? defaultWorker)();
    let stop = () => {};
    const stopped = new Promise<never>((_, reject) => {
      stop = () => reject(abortError(signal));
      signal.addEventListener("abort", stop, { once: true });
    });
    try {
      const loading = webllm.CreateWebWorkerMLCEngine(worker, model.id, {
        appConfig: this.appConfig(webllm),
        initProgressCallback: (report) => onProgress(downloadProgress(report, model, (now() - started) / 1000)),
      });
      loading.catch(() => undefined);
      const engine = await Promise.race([loading, stopped]);
      await engine.unload();
    } catch (error) {
      if (signal.aborted) throw abortError(signal);
      throw webLlmError(error, model.id, "webllm download");
    } finally {
      signal.removeEventListener("abort", stop);
      // Ending the worker cancels its fetches; shards already stored stay cached, so a new download resumes.
      worker.terminate();
    }
  }

  async cached(): Promise<{ modelId: string; bytes: number }[]> {
    const webllm = await this.module();
    const appConfig = this.appConfig(webllm);
    const sizes = await this.sizesByUrl();
    const found: { modelId: string; bytes: number }[] = [];
    for (const record of appConfig.model_list) {
      const prefix = modelUrl(record.model);
      const bytes = [...sizes].reduce((sum, [url, size]) => (url.startsWith(prefix) ? sum + size : sum), 0);
      if (bytes > 0 && (await webllm.hasModelInCache(record.model_id, appConfig).catch(() => false)))
        found.push({ modelId: record.model_id, bytes });
    }
    return found;
  }

  async remove(modelId: string): Promise<void> {
    const webllm = await this.module();
    try {
      await webllm.deleteModelAllInfoInCache(modelId, this.appConfig(webllm));
    } catch (error) {
      throw new Error(`webllm: could not delete ${modelId} from the browser cache: ${(error as Error).message}`);
    }
  }

  private module(): Promise<WebLlmModule> {
    return (this.options.loadModule ?? loadWebLlm)();
  }

  private appConfig(webllm: WebLlmModule): AppConfigLike {
    return appConfigWith(webllm, [...(this.options.customModels?.() ?? []), ...this.seen.values()]);
  }

  // The Cache API has no size per entry: Content-Length when stored, else the body's size.
  private async sizesByUrl(): Promise<Map<string, number>> {
    const sizes = new Map<string, number>();
    const storage = this.options.caches ?? globalThis.caches;
    if (!storage || !(await storage.has(MODEL_CACHE))) return sizes;
    const cache = await storage.open(MODEL_CACHE);
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      if (!response) continue;
      const length = Number(response.headers.get("content-length"));
      sizes.set(request.url, length > 0 ? length : (await response.blob()).size);
    }
    return sizes;
  }
}

// web-llm fetches from "<model>/resolve/main/" when the record's URL names no branch.
function modelUrl(model: string): string {
  const base = model.endsWith("/") ? model : `${model}/`;
  return base.includes("/resolve/") ? base : `${base}resolve/main/`;
}

function defaultWorker(): Worker {
  return new Worker(new URL("./mlcWorker.ts", import.meta.url), { type: "module", name: "crewdeck webllm" });
}
