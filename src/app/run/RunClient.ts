import type { HumanVerdict, RunEvent } from "../../engine";
import type { Crew, Endpoint, Task } from "../../model";
import type { FromWorker, ToWorker } from "./protocol";

/** Callbacks of one run. */
export interface RunCallbacks {
  onEvents(events: RunEvent[]): void;
  onReview(task: Task, output: string): void;
  onDone(result: { status: "completed" | "failed" | "cancelled"; error?: string; files: Record<string, string> }): void;
  onInvalid(messages: string[]): void;
}

/** A run in the engine worker: stop it, or answer a review. */
export interface RunHandle {
  stop(reason?: string): void;
  review(taskId: string, verdict: HumanVerdict): void;
}

/** Starts runs in a dedicated worker each (several crews can run at once). */
export function startWorkerRun(
  request: { runId: string; crew: Crew; inputs: Record<string, string>; endpoints: Endpoint[]; defaultEndpoint: string },
  callbacks: RunCallbacks,
): RunHandle {
  const worker = new Worker(new URL("./engineWorker.ts", import.meta.url), { type: "module", name: `crewdeck run ${request.runId}` });
  const send = (message: ToWorker) => worker.postMessage(message);
  worker.onmessage = (message: MessageEvent<FromWorker>) => {
    const data = message.data;
    if (data.type === "events") callbacks.onEvents(data.events);
    else if (data.type === "review") callbacks.onReview(data.task, data.output);
    else if (data.type === "invalid") {
      callbacks.onInvalid(data.messages);
      worker.terminate();
    } else if (data.type === "crash") {
      callbacks.onDone({ status: "failed", error: `the engine stopped unexpectedly: ${data.message}`, files: {} });
      worker.terminate();
    } else {
      callbacks.onDone(data);
      worker.terminate();
    }
  };
  worker.onerror = (event) => {
    callbacks.onDone({ status: "failed", error: `the engine worker failed to load: ${event.message}`, files: {} });
    worker.terminate();
  };
  send({ type: "start", ...request });
  return {
    stop: (reason = "stopped by you") => send({ type: "cancel", reason }),
    review: (taskId, verdict) => send({ type: "review", taskId, verdict }),
  };
}
