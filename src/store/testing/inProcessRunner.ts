import { CrewInvalidError, kickoff } from "../../engine/kickoff";
import { PauseSwitch } from "../../engine/pause";
import type { HumanVerdict } from "../../engine/ports";
import { memoryFiles } from "../../engine/testing/harness";
import { rig } from "../../engine/testing/rig";
import type { RunRepository } from "../../model";
import type { Runner } from "../runSlice";

/**
 * A Runner that runs the real engine in this process on a scripted model (what the Web Worker does in the app),
 * recording every request it started and the controls it received.
 */
export function inProcessRunner(script: Parameters<typeof rig>[0], runs?: RunRepository) {
  const requests: { runId: string; restore?: unknown }[] = [];
  const done: Promise<void>[] = [];
  const r = rig(script, { realDelays: true });
  const runner: Runner = (request, callbacks) => {
    requests.push({ runId: request.runId, ...(request.restore ? { restore: request.restore } : {}) });
    const controller = new AbortController();
    const pause = new PauseSwitch();
    const reviews = new Map<string, (v: HumanVerdict) => void>();
    let ids = 0;
    const run = kickoff(request.crew, request.inputs, {
      ...r.options,
      clock: undefined,
      files: memoryFiles,
      signal: controller.signal,
      pause,
      newId: () => (ids++ === 0 ? request.runId : `${request.runId}.${ids}`),
      onEvent: (e) => {
        // As the worker does: the runner stores the log, the store only folds it.
        void runs?.appendEvents(request.runId, [e]);
        callbacks.onEvents([e]);
      },
      human: {
        review: ({ task, output }) =>
          new Promise((resolve) => {
            reviews.set(task.id, resolve);
            callbacks.onReview(task, output);
          }),
      },
      ...(request.restore ? { restore: request.restore } : {}),
    }).then(
      (result) => callbacks.onDone({ status: result.status, ...(result.error ? { error: result.error } : {}), files: {} }),
      (error: Error) =>
        error instanceof CrewInvalidError
          ? callbacks.onInvalid([error.message])
          : callbacks.onDone({ status: "failed", error: error.message, files: {} }),
    );
    done.push(run);
    return {
      stop: (reason = "stopped") => controller.abort(new Error(reason)),
      pause: () => pause.pause(),
      resume: () => pause.resume(),
      review: (taskId, verdict) => reviews.get(taskId)?.(verdict),
    };
  };
  return { runner, provider: r.provider, requests, settled: () => Promise.all(done) };
}
