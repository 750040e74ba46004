/** What this browser can do for in-browser models (WebGPU), checked before anything is downloaded. */
export interface WebGpuSupport {
  available: boolean;
  /** The adapter has `shader-f16`, so f16 model builds can run; otherwise only f32 builds. */
  f16: boolean;
  /** The adapter's vendor/architecture, when the browser tells. */
  adapter?: string;
  /** Why in-browser models cannot run here, in words a person understands. */
  reason?: string;
  /** What would help: which browser, version or flag. */
  advice?: string;
}

/** A model the in-browser runtime can download and run. */
export interface LocalModel {
  id: string;
  label: string;
  downloadMB: number;
  vramMB: number;
  /** A small model that works well for agents: offered first. */
  recommended: boolean;
  /** The model supports native function calling; otherwise the engine's ReAct protocol is used. */
  nativeTools: boolean;
  f16: boolean;
  /** Self-hosted weights: where the model and its compiled library live. */
  custom?: { modelUrl: string; libUrl: string };
}

/** How a download is going. */
export interface DownloadProgress {
  modelId: string;
  /** 0..1 */
  fraction: number;
  loadedMB: number;
  totalMB: number;
  mbPerSecond: number;
  text: string;
  /** Why it has not started yet (a run's model holds the GPU), said to the person; absent once it goes. */
  waiting?: string;
}

/**
 * Port: the in-browser model runtime (WebLLM) as the page sees it, for the model picker, downloads and the cache.
 * The composition root loads it lazily so the runtime is never in the first chunk; tests pass fakes.
 */
export interface ModelHost {
  support(): Promise<WebGpuSupport>;
  catalog(support: WebGpuSupport): Promise<LocalModel[]>;
  /** Downloads (and checks) a model into the browser's cache; rejects with an AbortError when `signal` aborts. */
  download(model: LocalModel, onProgress: (progress: DownloadProgress) => void, signal: AbortSignal): Promise<void>;
  /** Models in the cache, with their disk use. */
  cached(): Promise<{ modelId: string; bytes: number }[]>;
  remove(modelId: string): Promise<void>;
}
