import type { DownloadProgress, LocalModel, ModelHost, WebGpuSupport } from "../../../model";
import { waitingProgress } from "../downloadProgress";
import { type GpuTurn, gpuTurn } from "../gpuLock";

// TEST-ONLY: loaded by the app only when localStorage["crewdeck:test:fake-webllm"] is set (its JSON `support` field).

/** What the fake WebGPU check answers. */
export type FakeSupportLevel = "none" | "f32" | "f16";

const CATALOG: LocalModel[] = [
  { id: "Fake-Big-7B-q4f16_1-MLC", label: "Fake Big 7B", downloadMB: 4200, vramMB: 5100, recommended: false, nativeTools: true, f16: true },
  {
    id: "Fake-Small-1B-q4f32_1-MLC",
    label: "Fake Small 1B",
    downloadMB: 60,
    vramMB: 900,
    recommended: true,
    nativeTools: false,
    f16: false,
  },
  {
    id: "Fake-Tiny-0.5B-q4f16_1-MLC",
    label: "Fake Tiny 0.5B",
    downloadMB: 30,
    vramMB: 500,
    recommended: true,
    nativeTools: false,
    f16: true,
  },
];

/**
 * A scripted model host for end-to-end tests: a chosen WebGPU verdict, a catalog of three models, downloads that
 * advance in steps on a timer and stop on abort, and a cache kept in memory.
 */
export class FakeModelHost implements ModelHost {
  private readonly cache = new Map<string, number>();

  constructor(
    private readonly level: FakeSupportLevel,
    private readonly options: { steps?: number; stepMs?: number; gpuTurn?: GpuTurn } = {},
  ) {}

  async support(): Promise<WebGpuSupport> {
    if (this.level === "none")
      return {
        available: false,
        f16: false,
        reason: "this browser has no WebGPU (navigator.gpu is missing)",
        advice: "Use Chrome or Edge 113+ on desktop, or enable WebGPU in your browser's flags.",
      };
    return { available: true, f16: this.level === "f16", adapter: "fake-gpu" };
  }

  async catalog(support: WebGpuSupport): Promise<LocalModel[]> {
    return CATALOG.filter((m) => support.f16 || !m.f16);
  }

  /** Waits for the real GPU lock like WebLlmModelHost, so e2e tests see a download and a run take turns. */
  async download(model: LocalModel, onProgress: (progress: DownloadProgress) => void, signal: AbortSignal): Promise<void> {
    const release = await (this.options.gpuTurn ?? gpuTurn)(signal, () => onProgress(waitingProgress(model)));
    try {
      await this.fetchSteps(model, onProgress, signal);
    } finally {
      release();
    }
  }

  private fetchSteps(model: LocalModel, onProgress: (progress: DownloadProgress) => void, signal: AbortSignal): Promise<void> {
    const steps = this.options.steps ?? 10;
    // A big model downloads slower (30 s in all), so a test can act while its download goes, even on a busy machine.
    const stepMs = this.options.stepMs ?? (model.downloadMB > 1000 ? 3000 : 300);
    const totalMB = model.downloadMB || 10;
    return new Promise((resolve, reject) => {
      let step = 0;
      const abort = () => {
        clearInterval(timer);
        reject(new DOMException(`download of ${model.id} aborted`, "AbortError"));
      };
      const timer = setInterval(() => {
        step++;
        const fraction = step / steps;
        onProgress({
          modelId: model.id,
          fraction,
          loadedMB: totalMB * fraction,
          totalMB,
          mbPerSecond: totalMB / steps / (stepMs / 1000),
          text: `Fetching param cache[${step}/${steps}]`,
        });
        if (step >= steps) {
          clearInterval(timer);
          signal.removeEventListener("abort", abort);
          this.cache.set(model.id, Math.round(totalMB * 1024 * 1024));
          resolve();
        }
      }, stepMs);
      if (signal.aborted) abort();
      else signal.addEventListener("abort", abort, { once: true });
    });
  }

  async cached(): Promise<{ modelId: string; bytes: number }[]> {
    return [...this.cache].map(([modelId, bytes]) => ({ modelId, bytes }));
  }

  async remove(modelId: string): Promise<void> {
    this.cache.delete(modelId);
  }
}
