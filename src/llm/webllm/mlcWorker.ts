/// <reference lib="webworker" />
// Runs web-llm for the page (model downloads from the picker) so loading and compiling a model never blocks the UI.
// web-llm is imported lazily like everywhere else; messages that arrive before it is ready are replayed to it.
import { importWebLlm } from "./webllmModule";

declare const self: DedicatedWorkerGlobalScope;

const early: MessageEvent[] = [];
self.onmessage = (event) => early.push(event);

void importWebLlm().then(({ WebWorkerMLCEngineHandler }) => {
  const handler = new WebWorkerMLCEngineHandler();
  self.onmessage = (event) => handler.onmessage(event);
  for (const event of early.splice(0)) handler.onmessage(event);
});
