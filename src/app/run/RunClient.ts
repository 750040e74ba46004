import type { Runner } from "../../store";
import type { FromWorker, ToWorker } from "./protocol";

/** Web Lock name prefix held by a tab for each run it is running, so other tabs never call that run interrupted. */
export const RUN_LOCK_PREFIX = "crewdeck-run-";

/** Starts runs in a dedicated worker each (several crews can run at once). */
export const startWorkerRun: Runner = (request, callbacks) => {
  const worker = new Worker(new URL("./engineWorker.ts", import.meta.url), { type: "module", name: `crewdeck run ${request.runId}` });
  let releaseLock = () => {};
  void navigator.locks
    ?.request(`${RUN_LOCK_PREFIX}${request.runId}`, () => new Promise<void>((resolve) => (releaseLock = resolve)))
    .catch(() => undefined);
  const send = (message: ToWorker) => worker.postMessage(message);
  const end = () => {
    worker.terminate();
    releaseLock();
  };
  worker.onmessage = (message: MessageEvent<FromWorker>) => {
    const data = message.data;
    if (data.type === "events") callbacks.onEvents(data.events);
    else if (data.type === "review") callbacks.onReview(data.task, data.output);
    else if (data.type === "invalid") {
      callbacks.onInvalid(data.messages);
      end();
    } else if (data.type === "crash") {
      callbacks.onDone({ status: "failed", error: `the engine stopped unexpectedly: ${data.message}`, files: {} });
      end();
    } else {
      callbacks.onDone(data);
      end();
    }
  };
  worker.onerror = (event) => {
    callbacks.onDone({ status: "failed", error: `the engine worker failed to load: ${event.message}`, files: {} });
    end();
  };
  send({ type: "start", ...request });
  return {
    stop: (reason = "stopped by you") => send({ type: "cancel", reason }),
    pause: () => send({ type: "pause" }),
    resume: () => send({ type: "resume" }),
    review: (taskId, verdict) => send({ type: "review", taskId, verdict }),
  };
};
