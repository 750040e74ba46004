import type { FromParseWorker, ToParseWorker } from "./parseProtocol";
import type { SourcePreparer } from "./prepareSource";

/** Parses each source in a module worker of its own (ended when done), so big files never block the page. */
export const workerPreparer: SourcePreparer = (source, onProgress) =>
  new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./parseWorker.ts", import.meta.url), { type: "module", name: `crewdeck knowledge ${source.name}` });
    const id = source.name;
    worker.onmessage = (message: MessageEvent<FromParseWorker>) => {
      const data = message.data;
      if (data.id !== id) return;
      if (data.type === "progress") return onProgress(data.fraction);
      worker.terminate();
      if (data.type === "done") resolve(data.chunks);
      else reject(new Error(data.message));
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(`${source.name}: the knowledge worker failed (${event.message || "it could not load"})`));
    };
    // Bytes are copied, not transferred: the caller may read them again (e.g. to retry).
    worker.postMessage({ id, source } satisfies ToParseWorker);
  });
