import type { RunEvent } from "../../engine";
import type { FakeScript } from "../../llm/webllm/testing/FakeMlcEngine";
import type { RunHandle, RunnerCallbacks, RunRequest } from "../../store";
import { FAKE_WEBLLM_FLAG, type FromWorker, type ToWorker } from "./protocol";

/** Web Lock name prefix held by a tab for each run it is running, so other tabs never call that run interrupted. */
export const RUN_LOCK_PREFIX = "crewdeck-run-";

/**
 * Starts a run in a dedicated worker (several crews can run at once); the worker also stores the run's events in
 * database `dbName`. Events reach the store at most once per animation frame, however fast tokens stream.
 */
export function startWorkerRun(request: RunRequest, callbacks: RunnerCallbacks, dbName?: string): RunHandle {
  const worker = new Worker(new URL("./engineWorker.ts", import.meta.url), { type: "module", name: `crewdeck run ${request.runId}` });
  let releaseLock = () => {};
  void navigator.locks
    ?.request(`${RUN_LOCK_PREFIX}${request.runId}`, () => new Promise<void>((resolve) => (releaseLock = resolve)))
    .catch(() => undefined);
  let pending: RunEvent[] = [];
  let frame = 0;
  // Everything queued goes to the store before anything that must come after it (a review, the end).
  const deliver = () => {
    if (frame) cancelAnimationFrame(frame);
    frame = 0;
    if (pending.length === 0) return;
    const events = pending;
    pending = [];
    callbacks.onEvents(events);
  };
  const send = (message: ToWorker) => worker.postMessage(message);
  const end = () => {
    deliver();
    worker.terminate();
    releaseLock();
  };
  worker.onmessage = (message: MessageEvent<FromWorker>) => {
    const data = message.data;
    if (data.type === "events") {
      pending.push(...data.events);
      frame ||= requestAnimationFrame(deliver);
      return;
    }
    deliver();
    if (data.type === "review") callbacks.onReview(data.task, data.output);
    else if (data.type === "warning") callbacks.onWarning(data.message);
    else if (data.type === "invalid") {
      callbacks.onInvalid(data.messages);
      end();
    } else if (data.type === "crash") {
      callbacks.onDone({ status: "failed", error: `the engine stopped unexpectedly: ${data.message}`, files: {} });
      end();
    } else {
      const { type: _, ...result } = data;
      callbacks.onDone(result);
      end();
    }
  };
  worker.onerror = (event) => {
    deliver();
    callbacks.onDone({ status: "failed", error: `the engine worker failed to load: ${event.message}`, files: {} });
    end();
  };
  const fakeWebLlm = testOnlyFakeWebLlm();
  send({ type: "start", ...request, ...(dbName ? { dbName } : {}), ...(fakeWebLlm ? { fakeWebLlm } : {}) });
  return {
    stop: (reason = "stopped by you") => send({ type: "cancel", reason }),
    pause: () => send({ type: "pause" }),
    resume: () => send({ type: "resume" }),
    review: (taskId, verdict) => send({ type: "review", taskId, verdict }),
  };
}

// TEST-ONLY: e2e specs put a script under FAKE_WEBLLM_FLAG; ordinary use never sets it.
function testOnlyFakeWebLlm(): Extract<ToWorker, { type: "start" }>["fakeWebLlm"] {
  try {
    const raw = globalThis.localStorage?.getItem(FAKE_WEBLLM_FLAG);
    if (!raw) return undefined;
    const script = JSON.parse(raw) as Partial<FakeScript>;
    return { ...script, steps: Array.isArray(script.steps) ? script.steps : [] };
  } catch {
    return undefined;
  }
}
