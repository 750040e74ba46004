/// <reference lib="webworker" />
// Parses and chunks knowledge sources off the main thread: a 20 MB PDF must not freeze the page.

import type { FromParseWorker, ToParseWorker } from "./parseProtocol";
import { browserPdfReader } from "./pdfBrowser";
import { preparer } from "./prepareSource";

declare const self: DedicatedWorkerGlobalScope;
const prepare = preparer(browserPdfReader);

self.onmessage = async (message: MessageEvent<ToParseWorker>) => {
  const { id, source } = message.data;
  const post = (m: FromParseWorker) => self.postMessage(m);
  try {
    const chunks = await prepare(source, (fraction) => post({ id, type: "progress", fraction }));
    post({ id, type: "done", chunks });
  } catch (error) {
    post({ id, type: "error", message: (error as Error).message });
  }
};
