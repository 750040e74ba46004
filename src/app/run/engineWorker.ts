/// <reference lib="webworker" />
// Runs crews off the main thread so long runs never freeze the page. Events go out in small batches.
import { type HumanVerdict, kickoff, PauseSwitch, type RunEvent } from "../../engine";
import { CrewInvalidError } from "../../engine/kickoff";
import { OpenAiCompatibleProvider } from "../../llm";
import { describeProblems } from "../../model";
import { CrewDeckDb, DexieRunRepository } from "../../persistence";
import { priceFor } from "../../store/cost";
import { BuiltinToolHost, RunFileSpace } from "../../tools";
import { knowledgeForRun } from "./knowledgeRun";
import { memoryForRun } from "./memoryRun";
import type { FromWorker, ToWorker } from "./protocol";
import { RunLogWriter } from "./RunLogWriter";
import { resolveEndpoint } from "./resolveEndpoint";
import { type WebLlmProviders, webLlmProviders } from "./webllmRun";

declare const self: DedicatedWorkerGlobalScope;
const post = (message: FromWorker) => self.postMessage(message);

let controller: AbortController | null = null;
const pause = new PauseSwitch();
const reviews = new Map<string, (verdict: HumanVerdict) => void>();
let batch: RunEvent[] = [];
let scheduled = false;
let writer: RunLogWriter | null = null;

function flush() {
  scheduled = false;
  if (batch.length === 0) return;
  post({ type: "events", events: batch });
  batch = [];
}

function queue(event: RunEvent) {
  batch.push(event);
  writer?.add(event);
  // Tokens arrive hundreds a second; one message per frame keeps the page's work per event small.
  if (event.type.startsWith("run.")) flush();
  else if (!scheduled) {
    scheduled = true;
    setTimeout(flush, 16);
  }
}

self.onmessage = async (message: MessageEvent<ToWorker>) => {
  const data = message.data;
  if (data.type === "cancel") return controller?.abort(new Error(data.reason));
  if (data.type === "pause") return pause.pause();
  if (data.type === "resume") return pause.resume();
  if (data.type === "review") {
    reviews.get(data.taskId)?.(data.verdict);
    reviews.delete(data.taskId);
    return;
  }
  controller = new AbortController();
  writer = new RunLogWriter(data.runId, data.dbName ? new DexieRunRepository(new CrewDeckDb(data.dbName)) : null, (message) =>
    post({ type: "warning", message }),
  );
  const providers = new Map<string, OpenAiCompatibleProvider>();
  const files = new RunFileSpace();
  let ids = 0;
  let inBrowser: WebLlmProviders | null = null;
  try {
    inBrowser = await webLlmProviders(data.crew, {
      ...(data.fakeWebLlm ? { fake: data.fakeWebLlm } : {}),
      ...(data.dbName ? { dbName: data.dbName } : {}),
      notify: (message) => post({ type: "warning", message }),
    });
    const knowledge = await knowledgeForRun(data, (message) => post({ type: "warning", message }));
    const result = await kickoff(data.crew, data.inputs, {
      resolveLlm: (config) => {
        if (config?.provider === "webllm" && inBrowser) return { provider: inBrowser.provider(config.model), model: config.model, config };
        const { endpoint, model } = resolveEndpoint(config, data.endpoints, data.defaultEndpoint);
        const key = `${endpoint.baseUrl}\n${endpoint.apiKey}`;
        let provider = providers.get(key);
        if (!provider) {
          provider = new OpenAiCompatibleProvider({
            baseUrl: endpoint.baseUrl,
            ...(endpoint.apiKey ? { apiKey: endpoint.apiKey } : {}),
            label: endpoint.name,
          });
          providers.set(key, provider);
        }
        return { provider, model, ...(config ? { config } : {}) };
      },
      host: new BuiltinToolHost(),
      ...(knowledge ? { knowledge } : {}),
      memory: memoryForRun(data, (message) => post({ type: "warning", message }), controller.signal),
      files: () => files,
      signal: controller.signal,
      newId: () => (ids++ === 0 ? data.runId : `${data.runId}.${ids}`),
      human: {
        review: ({ task, output, signal }) =>
          new Promise((resolve, reject) => {
            reviews.set(task.id, resolve);
            signal.addEventListener("abort", () => reject(signal.reason), { once: true });
            post({ type: "review", task, output });
          }),
      },
      onEvent: queue,
      pause,
      ...(data.restore ? { restore: data.restore } : {}),
      ...(data.crew.settings.costBudget
        ? { costLimit: { usd: data.crew.settings.costBudget, price: (model: string) => priceFor(model, data.prices) } }
        : {}),
    });
    // The GPU goes to the next run waiting for it as soon as this one is over.
    await inBrowser?.dispose();
    flush();
    // Every event is stored before the page hears the run is over (it then stops this worker).
    await writer.flush();
    post({ type: "done", status: result.status, ...(result.error ? { error: result.error } : {}), files: files.toJSON() });
  } catch (error) {
    await inBrowser?.dispose();
    flush();
    await writer.flush();
    if (error instanceof CrewInvalidError) post({ type: "invalid", messages: describeProblems(error.problems).split("\n") });
    else post({ type: "crash", message: (error as Error).message });
  } finally {
    controller = null;
  }
};
