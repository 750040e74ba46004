import type { Endpoint } from "../../model";
import { createAppStore } from "../createAppStore";
import { inProcessRunner } from "./inProcessRunner";
import { MemoryRepository } from "./MemoryRepository";
import { MemoryRunRepository } from "./MemoryRunRepository";

/** The endpoint the store tests save on the "device". */
export const TEST_ENDPOINT: Endpoint = {
  id: "ep",
  preset: "custom",
  name: "Mock",
  baseUrl: "http://127.0.0.1:1/v1",
  model: "m",
  apiKey: "sk-test-0000000000",
  createdAt: 0,
};

/** A store whose runs go through the real engine in this process, on a scripted model, with runs kept in memory. */
export async function storeRig(script: Parameters<typeof inProcessRunner>[0], endpoint: Endpoint = TEST_ENDPOINT) {
  let n = 0;
  const runs = new MemoryRunRepository();
  const engine = inProcessRunner(script, runs);
  const store = createAppStore({
    repository: new MemoryRepository(),
    now: () => Date.now(),
    newId: () => `id-${++n}`,
    runner: engine.runner,
    runs,
    endpoints: { list: async () => [endpoint], put: async () => undefined, remove: async () => undefined },
  });
  await store.getState().refreshDevice();
  return { store, runs, engine, s: () => store.getState() };
}

/** Waits until `check` holds (the engine runs on real timers here), failing with `what` after a few seconds. */
export async function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A promise to open later: holds a scripted model call until the test lets it go. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open = () => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}
