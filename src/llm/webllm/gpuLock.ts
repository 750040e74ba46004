// One in-browser model in GPU memory at a time, across the whole origin: a run's worker holds this Web Lock while its
// model is loaded, and the page holds it while a download loads the model once to check it. Whoever comes second
// waits (and can cancel while waiting); the browser frees a lock when the worker or tab holding it ends.

/** The Web Lock name shared by runs (src/app/run/webllmRun.ts) and downloads (WebLlmModelHost). */
export const GPU_LOCK = "crewdeck-webllm-gpu";

/** The one Web Locks call used here (the browser's LockManager has it; unit tests pass testing/FakeLocks). */
export interface LockRequester {
  request(name: string, options: LockOptions, callback: (lock: Lock | null) => unknown): Promise<unknown>;
}

/** Takes this origin's GPU turn: resolves with its release, or rejects when `signal` aborts while waiting. */
export type GpuTurn = (signal: AbortSignal, onWait: () => void) => Promise<() => void>;

/**
 * Waits for the GPU lock, calling `onWait` once when it has to wait; resolves with the release. Without Web Locks
 * (Node, old browsers) there is nothing to share with, so it resolves at once.
 */
export async function gpuTurn(
  signal: AbortSignal,
  onWait: () => void,
  locks: LockRequester | null = globalThis.navigator?.locks ?? null,
): Promise<() => void> {
  if (!locks) return () => {};
  const take = (options: LockOptions) =>
    new Promise<(() => void) | null>((resolve, reject) => {
      locks
        .request(GPU_LOCK, options, (lock) => {
          if (!lock) return resolve(null);
          return new Promise<void>((release) => resolve(release));
        })
        .catch(reject);
    });
  const now = await take({ ifAvailable: true });
  if (now) return now;
  onWait();
  return (await take({ signal })) ?? (() => {});
}
