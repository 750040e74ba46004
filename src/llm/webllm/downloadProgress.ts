import type { DownloadProgress, LocalModel } from "../../model";
import type { MlcProgress } from "./mlcTypes";

const AMOUNT = /(\d+(?:\.\d+)?)\s*MB\s+(?:fetched|loaded)/i;

/**
 * Reads web-llm's load report ("Fetching param cache[3/24]: 150MB fetched. 12% completed, …") into the picker's
 * progress: MB so far from the text, total from MB ÷ fraction once that is meaningful (else the catalog estimate).
 */
export function downloadProgress(report: MlcProgress, model: LocalModel, elapsedSeconds: number): DownloadProgress {
  const fraction = Math.min(1, Math.max(0, report.progress));
  const loadedMB = Number(AMOUNT.exec(report.text)?.[1] ?? fraction * model.downloadMB);
  const totalMB = fraction >= 0.02 && loadedMB > 0 ? Math.round(loadedMB / fraction) : model.downloadMB;
  const seconds = elapsedSeconds > 0 ? elapsedSeconds : report.timeElapsed;
  return {
    modelId: model.id,
    fraction,
    loadedMB,
    totalMB,
    mbPerSecond: seconds > 0 ? Math.round((loadedMB / seconds) * 10) / 10 : 0,
    text: report.text,
  };
}

/** What the picker shows while a run's model holds the GPU and the download waits for its turn (gpuLock.ts). */
export function waitingProgress(model: LocalModel): DownloadProgress {
  return {
    modelId: model.id,
    fraction: 0,
    loadedMB: 0,
    totalMB: model.downloadMB,
    mbPerSecond: 0,
    text: "waiting for the GPU",
    waiting: "Waiting for the GPU: a run is using an in-browser model; the download starts when it ends",
  };
}
